#!/usr/bin/env bash
# npm run bench: every benchmark, against one broker of its own (or KAFKA_BOOTSTRAP if set).
# npm run bench -- file-pipeline   runs one of them (the names of dist/scripts/bench/*.js).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then npm ci --no-audit --no-fund; fi
npm run build --silent
data=""
reg_data=""
cleanup() {
  if [ -n "$data" ]; then bash scripts/kafka.sh stop --data "$data" >/dev/null 2>&1 || true; rm -rf "$data"; fi
  if [ -n "$reg_data" ]; then bash scripts/registry.sh stop --data "$reg_data" >/dev/null 2>&1 || true; rm -rf "$reg_data"; fi
}
trap cleanup EXIT
if [ -z "${KAFKA_BOOTSTRAP:-}" ]; then
  bash scripts/kafka.sh fetch
  data=".cache/bench-kafka-$$"
  bash scripts/kafka.sh start --port 39092 --controller-port 39093 --data "$data"
  export KAFKA_BOOTSTRAP=127.0.0.1:39092
fi
# bench:compare's scenario 4 needs a schema registry (scripts/registry.sh), unless one is given.
if [ "${1:-}" = compare ] && [ -z "${SCHEMA_REGISTRY_URL:-}" ]; then
  reg_data=".cache/bench-registry-$$"
  if bash scripts/registry.sh start --port 38081 --management-port 38082 --data "$reg_data"; then
    SCHEMA_REGISTRY_URL="$(bash scripts/registry.sh url --port 38081)"
    export SCHEMA_REGISTRY_URL
  fi
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in dist/scripts/bench/*.js; do
    n=$(basename "$f" .js)
    case "$n" in lib|compare*) continue ;; esac
    names+=("$n")
  done
fi
for n in "${names[@]}"; do
  echo "== $n"
  node "dist/scripts/bench/$n.js"
done
