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

log() { printf 'connect-java.sh: %s\n' "$*" >&2; }
die() { printf 'connect-java.sh: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# The marker holds the version and a hash of the pom: editing either fetches again.
fetch_key() { printf '%s %s\n' "$KAFKA_VERSION" "$(sha256sum "$POM" | cut -d' ' -f1)"; }

cmd_fetch() {
  if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$(fetch_key)" ] && [ -f "$LIBS/connect-runtime-$KAFKA_VERSION.jar" ]; then
    [ "${1:-}" = quiet ] || log "Kafka Connect $KAFKA_VERSION already in ${LIBS#"$ROOT"/} ($(find "$LIBS" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch Kafka Connect"
  command -v java >/dev/null || die "java (17+) is needed to run Kafka Connect"
  log "fetching Kafka Connect $KAFKA_VERSION with mvn into ${LIBS#"$ROOT"/} ..."
  mkdir -p "$CACHE_DIR"
  local tmp="$CACHE_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q --no-transfer-progress -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$CACHE_DIR/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$CACHE_DIR/mvn.log" | grep -v '^$' >&2 || true
    rm -rf "$tmp"
    die "mvn could not resolve org.apache.kafka:connect-runtime:$KAFKA_VERSION and its dependencies (see above)"
  fi
  # two fetches at once (the smoke test and a benchmark) each fill their own tmp folder; the last
  # rename wins and both leave a complete folder behind
  rm -rf "$LIBS"
  mv -T "$tmp" "$LIBS" 2>/dev/null || rm -rf "$tmp"
  fetch_key >"$MARKER"
  log "fetched Kafka Connect $KAFKA_VERSION ($(find "$LIBS" -name '*.jar' | wc -l) jars, $(du -sh "$LIBS" | cut -f1))"
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
