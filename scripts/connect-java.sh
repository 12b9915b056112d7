#!/usr/bin/env bash
# Apache Kafka Connect itself (the Java one), of the same version as the local broker, for the
# side-by-side benchmark (npm run bench:compare) and its smoke test. The jars come from Maven
# Central through `mvn` (scripts/connect-java/pom.xml); nothing is downloaded any other way.
#
#   bash scripts/connect-java.sh fetch
#        copy connect-runtime, connect-file, connect-json, connect-transforms and their
#        dependencies into .cache/connect-java/<version>/libs (cached: a second fetch does nothing)
#   bash scripts/connect-java.sh standalone worker.properties connector1.properties [...]
#        run org.apache.kafka.connect.cli.ConnectStandalone in the foreground (exec: the pid you
#        started is the JVM's), logging to a file (CONNECT_LOG_DIR), not to the terminal
#   bash scripts/connect-java.sh libs       print the libs folder
#
# Environment:
#   KAFKA_VERSION       default: the broker's (scripts/kafka.sh)
#   CONNECT_HEAP_OPTS   default "-Xms256M -Xmx2G", what Kafka's bin/connect-standalone.sh uses
#   CONNECT_JVM_OPTS    default Kafka's bin/kafka-run-class.sh performance options (G1 etc.)
#   CONNECT_LOG_DIR     where connect.log goes (default: the folder of worker.properties)
#   CONNECT_LOG_LEVEL   root log level (default INFO)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-$(sed -n 's/^KAFKA_VERSION="\${KAFKA_VERSION:-\(.*\)}"$/\1/p' "$ROOT/scripts/kafka.sh")}"
POM="$ROOT/scripts/connect-java/pom.xml"
CACHE_DIR="$ROOT/.cache/connect-java/$KAFKA_VERSION"
LIBS="$CACHE_DIR/libs"
MARKER="$CACHE_DIR/.fetched"

# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/maven-fetch.sh
. "$ROOT/scripts/lib/maven-fetch.sh"

# The marker holds the version and a hash of the pom: editing either fetches again.
fetch_key() { printf '%s %s\n' "$KAFKA_VERSION" "$(sha256sum "$POM" | cut -d' ' -f1)"; }

cmd_fetch() {
  command -v java >/dev/null || die "java (17+) is needed to run Kafka Connect"
  QUIET=$([ "${1:-}" = quiet ] && echo 1 || echo 0) maven_fetch "Kafka Connect $KAFKA_VERSION" "$POM" "$LIBS" "$MARKER" "$(fetch_key)" \
    "connect-runtime-$KAFKA_VERSION.jar" -Dkafka.version="$KAFKA_VERSION"
}

# log4j2 configuration: everything to DIR/connect.log, Connect's own pattern, nothing on the terminal
write_log_config() {
  local dir="$1"
  cat >"$dir/connect-log4j2.properties" <<'EOF'
# Written by scripts/connect-java.sh: Kafka Connect logs to connect.log in this folder.
status = warn
name = connect-java.sh
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/connect.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n
rootLogger.level = ${sys:connect.log.level:-INFO}
rootLogger.appenderRef.file.ref = file
logger.reflections.name = org.reflections
logger.reflections.level = ERROR
EOF
}

cmd_standalone() {
  [ $# -ge 1 ] || die "usage: connect-java.sh standalone worker.properties [connector.properties ...]"
  [ -f "$1" ] || die "no such worker config: $1"
  cmd_fetch quiet
  local log_dir="${CONNECT_LOG_DIR:-$(cd "$(dirname "$1")" && pwd)}"
  mkdir -p "$log_dir"
  write_log_config "$log_dir"
  local heap="${CONNECT_HEAP_OPTS:--Xms256M -Xmx2G}"
  local jvm="${CONNECT_JVM_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
  # shellcheck disable=SC2086
  exec java $heap $jvm \
    -Dlog4j2.configurationFile="$log_dir/connect-log4j2.properties" -Dkafka.logs.dir="$log_dir" \
    -Dconnect.log.level="${CONNECT_LOG_LEVEL:-INFO}" \
    -cp "$LIBS/*" org.apache.kafka.connect.cli.ConnectStandalone "$@"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    standalone) cmd_standalone "$@" ;;
    libs) cmd_fetch quiet; printf '%s\n' "$LIBS" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
