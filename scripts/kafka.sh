#!/usr/bin/env bash
# A local, single-node Apache Kafka (KRaft: broker + controller in one JVM) for development,
# the quickstart and the integration tests. The broker's jars come from Maven Central through
# `mvn` (scripts/kafka/pom.xml); nothing is downloaded any other way.
#
#   bash scripts/kafka.sh fetch                      copy the broker jars into .cache/kafka/<version>/libs
#   bash scripts/kafka.sh start [--port N] [--controller-port N] [--data DIR]
#   bash scripts/kafka.sh stop   [--data DIR]
#   bash scripts/kafka.sh status [--data DIR]
#   bash scripts/kafka.sh logs   [--data DIR]        tail of the broker's server.log
#   bash scripts/kafka.sh run CLASS [ARGS...]        run a Kafka tool class on the broker's classpath,
#        e.g. run org.apache.kafka.tools.ProducerPerformance --topic t --num-records 100000 ...
#
# Also: npm run kafka -- start --port 9092
#
# Environment: KAFKA_VERSION (default below), KAFKA_HEAP_OPTS (default "-Xms256m -Xmx768m"),
# KAFKA_START_TIMEOUT (seconds, default 90), KAFKA_STOP_TIMEOUT (seconds, default 30).
# Defaults: port 9092, controller port 9093, data .cache/kafka-data; listens on 127.0.0.1 only.
# See docs/kafka-broker.md.
set -euo pipefail

# 4.3.1, not 4.4.0: kafka_2.13:4.4.0 is on Maven Central but two of its dependencies
# (kafka-tools-api:4.4.0, kafka-tools:4.4.0) are not, so 4.4.0 cannot be resolved. See docs/kafka-broker.md.
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/scripts/kafka/pom.xml"
CACHE_DIR="$ROOT/.cache/kafka/$KAFKA_VERSION"
LIBS="$CACHE_DIR/libs"
MARKER="$CACHE_DIR/.fetched"

PORT=9092
CONTROLLER_PORT=9093
DATA="$ROOT/.cache/kafka-data"

# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/service.sh
. "$ROOT/scripts/lib/service.sh"
# shellcheck source=scripts/lib/maven-fetch.sh
. "$ROOT/scripts/lib/maven-fetch.sh"

parse_opts() {
  parse_service_opts --controller-port CONTROLLER_PORT "$@"
  case "$PORT$CONTROLLER_PORT" in *[!0-9]*) die "ports must be numbers" ;; esac
  [ "$PORT" != "$CONTROLLER_PORT" ] || die "--port and --controller-port must differ"
  use_data_dir kafka.pid
}

# ---------------------------------------------------------------------------------------- fetch
# The marker holds the version and a hash of the pom: editing the pom (or the version) re-fetches.
fetch_key() { printf '%s %s\n' "$KAFKA_VERSION" "$(sha256sum "$POM" | cut -d' ' -f1)"; }

cmd_fetch() {
  command -v java >/dev/null || die "java (17+) is needed to run the broker"
  QUIET=$([ "${1:-}" = quiet ] && echo 1 || echo 0) maven_fetch "Kafka $KAFKA_VERSION" "$POM" "$LIBS" "$MARKER" "$(fetch_key)" \
    "kafka_2.13-$KAFKA_VERSION.jar" -Dkafka.version="$KAFKA_VERSION"
}

# ---------------------------------------------------------------------------------- process info
# The pid in the pid file, if that process is alive and is a Kafka broker (guards against pid reuse).
BROKER_CMDLINE='kafka\.Kafka'
running_pid() { service_pid "$BROKER_CMDLINE"; }

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo '?'; }

# the ports a data dir was last started with (from its server.properties)
configured_port() {
  sed -n 's#^advertised.listeners=PLAINTEXT://127.0.0.1:\([0-9]*\)$#\1#p' "$DATA/server.properties" 2>/dev/null || true
}

log_tail() {
  local f
  for f in "$DATA/logs/server.log" "$DATA/logs/stdout.log"; do
    [ -s "$f" ] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

# ------------------------------------------------------------------------------------ readiness
# One ApiVersions request (v0, answered by every broker version) over plain TCP, with Node
# (always present in this project; no npm package needed). Exit 0 when the broker answers with
# error_code 0, which a KRaft broker only does once it has caught up and is unfenced.
api_versions_ok() {
  node - "$PORT" <<'EOF' 2>/dev/null
const net = require('node:net');
const port = Number(process.argv[2]);
const clientId = Buffer.from('kafka.sh');
const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
body.writeInt16BE(18, 0);               // api_key ApiVersions
body.writeInt16BE(0, 2);                // api_version 0
body.writeInt32BE(7, 4);                // correlation_id
body.writeInt16BE(clientId.length, 8);  // client_id
clientId.copy(body, 10);
const size = Buffer.alloc(4);
size.writeInt32BE(body.length, 0);
const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write(Buffer.concat([size, body])));
let buf = Buffer.alloc(0);
const done = (code) => { sock.destroy(); process.exit(code); };
sock.setTimeout(3000, () => done(1));
sock.on('error', () => done(1));
sock.on('close', () => done(1));
sock.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
    done(buf.readInt32BE(4) === 7 && buf.readInt16BE(8) === 0 ? 0 : 1);
  }
});
EOF
}

# ---------------------------------------------------------------------------------------- start
new_cluster_id() {
  # a Kafka Uuid: 16 random bytes, base64url without padding, not starting with '-'
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    case "$id" in -*) ;; *) printf '%s\n' "$id"; return ;; esac
  done
}

write_config() {
  mkdir -p "$DATA/logs" "$DATA/kraft-logs"
  cat >"$DATA/server.properties" <<EOF
# Written by scripts/kafka.sh on every start: edit the script, not this file.
# Single-node KRaft: one JVM is both broker and controller, on 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/kraft-logs

# a small machine: few threads, one replica of everything
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# fast feedback for dev and tests
auto.create.topics.enable=true
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
log.segment.delete.delay.ms=1000
file.delete.delay.ms=1000

# compaction that shows its effect within seconds (topics still choose segment.ms etc.)
log.cleaner.enable=true
log.cleaner.threads=1
log.cleaner.backoff.ms=1000
log.cleaner.min.compaction.lag.ms=0
log.cleaner.min.cleanable.ratio=0.1
log.cleaner.delete.retention.ms=1000
log.cleaner.dedupe.buffer.size=33554432
log.retention.check.interval.ms=10000
EOF
  cat >"$DATA/log4j2.properties" <<'EOF'
# Written by scripts/kafka.sh: the broker logs to files in this data dir's logs/ folder.
status = warn
name = kafka.sh
appender.server.type = RollingFile
appender.server.name = server
appender.server.fileName = ${sys:kafka.logs.dir}/server.log
appender.server.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.server.layout.type = PatternLayout
appender.server.layout.pattern = [%d] %p %m (%c)%n
appender.server.policies.type = Policies
appender.server.policies.size.type = SizeBasedTriggeringPolicy
appender.server.policies.size.size = 20MB
appender.server.strategy.type = DefaultRolloverStrategy
appender.server.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.server.ref = server
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

cmd_start() {
  parse_opts "$@"
  local pid
  if pid="$(running_pid)"; then
    log "already running: pid $pid, 127.0.0.1:$(configured_port), data ${DATA#"$ROOT"/}"
    return 0
  fi
  claim_ports "$CONTROLLER_PORT" controller --controller-port
  cmd_fetch quiet
  write_config
  local cp="$LIBS/*"

  if [ ! -f "$DATA/kraft-logs/meta.properties" ]; then
    log "formatting storage in ${DATA#"$ROOT"/}/kraft-logs"
    java -cp "$cp" -Xmx256m kafka.tools.StorageTool format --ignore-formatted \
      --cluster-id "$(new_cluster_id)" --config "$DATA/server.properties" \
      >"$DATA/logs/format.log" 2>&1 || { cat "$DATA/logs/format.log" >&2; die "formatting the storage failed"; }
  fi

  local heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
  local t0
  t0="$(date +%s%N)"
  # setsid: the broker leaves the caller's process group, so a Ctrl-C in the caller's terminal
  # later does not reach it. It is stopped by `kafka.sh stop` (by pid) only.
  # shellcheck disable=SC2086
  setsid java $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DATA/log4j2.properties" -Dkafka.logs.dir="$DATA/logs" \
    -cp "$cp" kafka.Kafka "$DATA/server.properties" \
    >"$DATA/logs/stdout.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$PORT (controller $CONTROLLER_PORT), pid $pid, data ${DATA#"$ROOT"/}"

  wait_until_ready "$pid" "${KAFKA_START_TIMEOUT:-90}" "the broker" "logs in $DATA/logs" log_tail api_versions_ok
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  log "ready in ${ms} ms: bootstrap 127.0.0.1:$PORT, pid $pid, RSS $(rss_mb "$pid") MB"
}

# ----------------------------------------------------------------------------------------- stop
cmd_stop() {
  parse_opts "$@"
  stop_service "$BROKER_CMDLINE" "${KAFKA_STOP_TIMEOUT:-30}"
}

# --------------------------------------------------------------------------------------- status
cmd_status() {
  parse_opts "$@"
  local pid
  if pid="$(running_pid)"; then
    local port
    port="$(configured_port)"
    PORT="${port:-$PORT}"
    if api_versions_ok; then
      echo "running: Kafka $KAFKA_VERSION, pid $pid, bootstrap 127.0.0.1:$PORT, RSS $(rss_mb "$pid") MB, data $DATA"
    else
      echo "starting or not answering: pid $pid, 127.0.0.1:$PORT, data $DATA"
    fi
  else
    echo "not running (data $DATA)"
    return 3
  fi
}

cmd_logs() {
  parse_opts "$@"
  tail -n "${LINES_TO_SHOW:-60}" "$DATA/logs/server.log"
}

cmd_run() {
  [ $# -ge 1 ] || die "usage: kafka.sh run CLASS [ARGS...]"
  cmd_fetch quiet
  exec java -Xmx512m -Dlog4j2.level=WARN -cp "$LIBS/*" "$@"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    run) cmd_run "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
