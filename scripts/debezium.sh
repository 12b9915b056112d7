#!/usr/bin/env bash
# Debezium's PostgreSQL connector as a plugin.path folder for the Apache Kafka Connect of
# scripts/connect-java.sh: the reference that kconnect's CDC connector is compared against (the
# differential test and `npm run bench:compare`). The jars come from Maven Central through `mvn`
# (scripts/debezium/pom.xml); nothing is downloaded any other way.
#
#   bash scripts/debezium.sh fetch          copy the connector and its dependencies into
#                                           .cache/debezium/<version>/plugins/debezium-connector-postgres
#                                           (cached: a second fetch does nothing)
#   bash scripts/debezium.sh plugin-path    fetch if needed and print the plugin.path folder
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/scripts/debezium/pom.xml"
VERSION="$(sed -n 's:.*<debezium.version>\(.*\)</debezium.version>.*:\1:p' "$POM")"
CACHE_DIR="$ROOT/.cache/debezium/$VERSION"
PLUGINS="$CACHE_DIR/plugins"
DIR="$PLUGINS/debezium-connector-postgres"
MARKER="$CACHE_DIR/.fetched"

# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/maven-fetch.sh
. "$ROOT/scripts/lib/maven-fetch.sh"

fetch_key() { sha256sum "$POM" | cut -d' ' -f1; }

cmd_fetch() {
  QUIET=$([ "${1:-}" = quiet ] && echo 1 || echo 0) maven_fetch "Debezium's PostgreSQL connector $VERSION" "$POM" "$DIR" "$MARKER" "$(fetch_key)" \
    "debezium-connector-postgres-$VERSION.jar"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  plugin-path) cmd_fetch quiet; printf '%s\n' "$PLUGINS" ;;
  *) usage >&2; exit 2 ;;
esac
