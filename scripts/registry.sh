#!/usr/bin/env bash
# A local schema registry for development and the integration tests: Apicurio Registry, which serves
# Confluent's Schema Registry API under /apis/ccompat/v7. 3.x stores its schemas in an H2 file in the
# data dir, so a stop and start of the same data dir keeps them (ids included). Its prebuilt server comes from Maven Central through `mvn`
# (io.apicurio:apicurio-registry-app:<version>:tar.gz:all); nothing is downloaded any other way.
#
#   bash scripts/registry.sh fetch                    unpack the server into .cache/registry/<version>
#   bash scripts/registry.sh start [--port N] [--management-port N] [--data DIR]
#   bash scripts/registry.sh stop   [--data DIR]
#   bash scripts/registry.sh status [--data DIR]
#   bash scripts/registry.sh url    [--port N]        the Confluent-compatible URL for schema.registry.url
#
# Environment: REGISTRY_VERSION (default: 3.3.3 when a Java 21+ is found, else 2.6.13.Final on Java 17),
# REGISTRY_JAVA (the java binary to use), REGISTRY_HEAP_OPTS (default "-Xms64m -Xmx384m"),
# REGISTRY_START_TIMEOUT (seconds, default 90), REGISTRY_OPTS (extra -D options, e.g. auth settings).
# Defaults: port 8081 (Confluent's), management port = port + 1 (3.x only), data .cache/registry-data;
# listens on 127.0.0.1 only. Its default compatibility level is NONE (Confluent's is BACKWARD).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=8081
MGMT_PORT=""
DATA="$ROOT/.cache/registry-data"

# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/service.sh
. "$ROOT/scripts/lib/service.sh"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

# The newest usable JDK: $REGISTRY_JAVA, $JAVA_HOME, `java` on the PATH, then any under /usr/lib/jvm.
pick_java() {
  local best="" best_v=0 j v
  for j in "${REGISTRY_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$j" ] && [ -x "$j" ] || continue
    v="$(java_major "$j")"
    [ -n "$v" ] || continue
    if [ "$v" -gt "$best_v" ]; then best="$j"; best_v="$v"; fi
  done
  [ -n "$best" ] || die "no java found (Apicurio Registry 3.x needs Java 21+, 2.x Java 17)"
  JAVA="$best"
  JAVA_VERSION="$best_v"
}

choose_version() {
  pick_java
  if [ -z "${REGISTRY_VERSION:-}" ]; then
    if [ "$JAVA_VERSION" -ge 21 ]; then REGISTRY_VERSION=3.3.3; else REGISTRY_VERSION=2.6.13.Final; fi
  fi
  case "$REGISTRY_VERSION" in
    3.*) [ "$JAVA_VERSION" -ge 21 ] || die "Apicurio Registry $REGISTRY_VERSION needs Java 21+, found $JAVA_VERSION ($JAVA)" ;;
  esac
  CACHE_DIR="$ROOT/.cache/registry/$REGISTRY_VERSION"
}

parse_opts() {
  parse_service_opts --management-port MGMT_PORT "$@"
  MGMT_PORT="${MGMT_PORT:-$((PORT + 1))}"
  case "$PORT$MGMT_PORT" in *[!0-9]*) die "ports must be numbers" ;; esac
  use_data_dir registry.pid
}

cmd_fetch() {
  choose_version
  local jar
  jar="$(server_jar)"
  if [ -n "$jar" ]; then
    [ "${1:-}" = quiet ] || log "Apicurio Registry $REGISTRY_VERSION already in ${CACHE_DIR#"$ROOT"/}"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch the registry"
  log "fetching Apicurio Registry $REGISTRY_VERSION with mvn into ${CACHE_DIR#"$ROOT"/} ..."
  local tmp="$CACHE_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q --no-transfer-progress -Dstyle.color=never dependency:copy \
      -Dartifact="io.apicurio:apicurio-registry-app:$REGISTRY_VERSION:tar.gz:all" -DoutputDirectory="$tmp" \
      >"$tmp/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$tmp/mvn.log" | grep -v '^$' >&2 || true
    rm -rf "$tmp"
    die "mvn could not resolve io.apicurio:apicurio-registry-app:$REGISTRY_VERSION (tar.gz, classifier all)"
  fi
  tar xzf "$tmp"/apicurio-registry-app-*.tar.gz -C "$tmp"
  rm -f "$tmp"/apicurio-registry-app-*.tar.gz
  rm -rf "$CACHE_DIR"
  mv "$tmp" "$CACHE_DIR"
  [ -n "$(server_jar)" ] || die "the unpacked archive has no quarkus-run.jar or *-runner.jar"
  log "fetched Apicurio Registry $REGISTRY_VERSION ($(du -sh "$CACHE_DIR" | cut -f1))"
}

# 3.x ships a Quarkus fast-jar (quarkus-run.jar), 2.x an uber runner jar.
server_jar() {
  local f
  for f in "$CACHE_DIR/quarkus-run.jar" "$CACHE_DIR"/*-runner.jar "$CACHE_DIR"/*/quarkus-run.jar "$CACHE_DIR"/*/*-runner.jar; do
    [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
  done
  return 0
}

SERVER_CMDLINE='apicurio\|quarkus-run'
running_pid() { service_pid "$SERVER_CMDLINE"; }

api_url() { printf 'http://127.0.0.1:%s/apis/ccompat/v7\n' "$1"; }
# Any HTTP answer counts (401 too: a registry started with basic auth in REGISTRY_OPTS is up).
answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$(api_url "$PORT")/subjects" || true)"
  [ -n "$code" ] && [ "$code" != 000 ]
}

show_log() { tail -n 30 "$DATA/registry.log" >&2 || true; }

cmd_start() {
  parse_opts "$@"
  local pid
  if pid="$(running_pid)"; then
    log "already running: pid $pid, data ${DATA#"$ROOT"/}"
    return 0
  fi
  claim_ports "$MGMT_PORT" management --management-port
  cmd_fetch quiet
  local jar heap t0
  jar="$(server_jar)"
  heap="${REGISTRY_HEAP_OPTS:--Xms64m -Xmx384m}"
  local storage=""
  case "$REGISTRY_VERSION" in 3.*) storage="-Dapicurio.datasource.url=jdbc:h2:file:$DATA/h2/registry" ;; esac
  t0="$(date +%s%N)"
  # setsid: out of the caller's process group, so a Ctrl-C there does not reach it; stopped by pid.
  # shellcheck disable=SC2086
  # A class-data archive, written at the first clean stop, makes later starts faster (JDK 19+).
  local cds=""
  [ "$JAVA_VERSION" -ge 19 ] && cds="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$CACHE_DIR/app-cds.jsa"
  (cd "$DATA" && exec setsid "$JAVA" $heap $cds -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT_PORT" \
    -Dquarkus.log.level=WARN -Dquarkus.http.access-log.enabled=false \
    $storage ${REGISTRY_OPTS:-} -jar "$jar" >"$DATA/registry.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "starting Apicurio Registry $REGISTRY_VERSION on 127.0.0.1:$PORT (Java $JAVA_VERSION), pid $pid"
  wait_until_ready "$pid" "${REGISTRY_START_TIMEOUT:-90}" "the registry" "log: $DATA/registry.log" show_log answers
  log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(api_url "$PORT"), pid $pid"
}

cmd_stop() {
  parse_opts "$@"
  stop_service "$SERVER_CMDLINE" 20
}

cmd_status() {
  parse_opts "$@"
  local pid
  if pid="$(running_pid)"; then
    echo "running: pid $pid, data $DATA"
  else
    echo "not running (data $DATA)"
    return 3
  fi
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    url) parse_opts "$@"; api_url "$PORT" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
