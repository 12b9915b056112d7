# Sourced by the scripts that run a local JVM service in the background (kafka.sh, registry.sh),
# after lib/common.sh: the options every such script takes, its pid file, the wait for it to answer
# and its stop. The service runs in its own session (setsid) and is only ever stopped by the pid in
# its data dir's pid file, never by name.
#
#   parse_service_opts SECOND_FLAG SECOND_VAR "$@"
#       --port N, SECOND_FLAG N (e.g. --controller-port into CONTROLLER_PORT), --data DIR (each also
#       as --opt=value), -h/--help; sets PORT, SECOND_VAR, DATA
#   use_data_dir PID_NAME             creates DATA, makes it absolute, sets PID_FILE=DATA/PID_NAME
#   service_pid PATTERN               the pid in PID_FILE if alive and its command line matches PATTERN
#   claim_ports SECOND_PORT WHAT FLAG drops a stale pid file; dies when PORT or SECOND_PORT (the WHAT
#                                     port, chosen with FLAG) is taken by another process
#   wait_until_ready PID TIMEOUT WHAT WHERE SHOW_LOG READY...
#       runs READY... every 0.25 s until it succeeds; when PID exits first or TIMEOUT seconds pass,
#       runs SHOW_LOG, stops PID, removes PID_FILE and dies naming WHAT and WHERE (its logs)
#   stop_service PATTERN TIMEOUT      SIGTERM, SIGKILL after TIMEOUT seconds, wait until it is gone

parse_service_opts() {
  local second_flag="$1" second_var="$2"
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) PORT="${2:?--port needs a value}"; shift 2 ;;
      --port=*) PORT="${1#*=}"; shift ;;
      "$second_flag") printf -v "$second_var" '%s' "${2:?$second_flag needs a value}"; shift 2 ;;
      "$second_flag"=*) printf -v "$second_var" '%s' "${1#*=}"; shift ;;
      --data) DATA="${2:?--data needs a value}"; shift 2 ;;
      --data=*) DATA="${1#*=}"; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option: $1 (see: bash scripts/$SCRIPT_NAME --help)" ;;
    esac
  done
}

use_data_dir() {
  mkdir -p "$DATA"
  DATA="$(cd "$DATA" && pwd)"
  PID_FILE="$DATA/$1"
}

service_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  # guards against pid reuse: the process must still be the service
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$1" || return 1
  printf '%s\n' "$pid"
}

claim_ports() {
  rm -f "$PID_FILE"
  port_in_use "$PORT" && die "port $PORT is taken by another process (choose one with --port)"
  port_in_use "$1" && die "$2 port $1 is taken by another process (choose one with $3)"
  return 0
}

wait_until_ready() {
  local pid="$1" timeout="$2" what="$3" where="$4" show_log="$5" started=$SECONDS
  shift 5
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      "$show_log"
      die "$what exited during start-up ($where)"
    fi
    if [ $((SECONDS - started)) -ge "$timeout" ]; then
      "$show_log"
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "$what did not answer on 127.0.0.1:$PORT within ${timeout}s ($where)"
    fi
    sleep 0.25
  done
}

stop_service() {
  local pattern="$1" timeout="$2" pid
  if ! pid="$(service_pid "$pattern")"; then
    rm -f "$PID_FILE"
    log "not running (data ${DATA#"$ROOT"/})"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((timeout * 4)) ]; then
      log "pid $pid still alive after ${timeout}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  # wait for the kernel to reap it (it is not our child, so `wait` cannot)
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$PID_FILE"
  log "stopped"
}
