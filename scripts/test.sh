#!/usr/bin/env bash
# The test command (`npm test`, and .ci/run on a clean clone): installs what is missing, builds,
# starts ONE throwaway Kafka broker for the whole run on its own ports and data dir, runs the
# unit and integration tests with node's test runner, and stops the broker whatever happens.
#
#   npm test
#   npm test -- --test-name-pattern='round-trips'     extra arguments go to `node --test`
#
# Environment:
#   KAFKA_TEST_PORT   first port to try for the test broker (default 19092; controller = port + 1;
#                     if taken, the next free pair up to +100 is used, so two runs can coexist)
#   KEEP_TEST_KAFKA=1 keep the test broker's data dir (logs) after the run
#   TEST_TIMEOUT_MS   per-test timeout for node --test (default 600000)
#   REGISTRY_TEST_PORT first port to try for the test schema registry (default 18081; its management
#                     port = port + 1; the next free pair up to +100 is used otherwise)
# The tests see KAFKA_BOOTSTRAP=127.0.0.1:<port> (test/helpers/kafka.ts reads it),
# SCHEMA_REGISTRY_URL (Apicurio Registry's Confluent-compatible API, scripts/registry.sh),
# PGHOST/PGPORT defaults of 127.0.0.1/5432, and PG_LOGICAL_PORT: the private wal_level=logical
# PostgreSQL (scripts/postgres-logical.sh) the CDC tests use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

say() { printf '\n== test.sh: %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"

# ------------------------------------------------------------------------- 1. Node dependencies
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing Node dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# ---------------------------------------------------------------------------------- 2. PostgreSQL
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
      # shellcheck disable=SC2046
      pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start || true
    fi
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    pg_isready -h 127.0.0.1 -p 5432 || say "WARNING: PostgreSQL is not up; its integration tests will fail"
  fi
else
  say "WARNING: pg_isready not found; PostgreSQL integration tests may fail"
fi

# ------------------------------------------------------------- 2b. Prometheus and Chromium (Debian)
# The operations tests scrape a worker with a real Prometheus (and lint with promtool) and drive the
# web console in headless Chromium. Each test starts and stops its own process; here they are only
# installed, once, from Debian's packages.
missing_pkgs=()
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || missing_pkgs+=(prometheus)
[ -x /usr/bin/chromium ] || missing_pkgs+=(chromium)
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing_pkgs[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null
  else
    say "WARNING: ${missing_pkgs[*]} missing and cannot be installed here (needs root and apt-get); the operations tests will fail"
  fi
fi

# ---------------------------------------------------------------------------------------- 3. lint
# The rooms' import rules (.dependency-cruiser.cjs) first: a wall crossed fails the run, after the tests.
say "checking the rooms' import rules (npm run lint)"
lint_rc=0
npm run --silent lint || lint_rc=$?

# --------------------------------------------------------------------------------------- 3b. build
# Compiled tests whose source is gone would still be picked up by node --test: drop them first.
if [ -d dist/test ]; then
  while IFS= read -r -d '' js; do
    rel="${js#dist/}"
    [ -f "${rel%.js}.ts" ] || [ -f "${rel%.js}.mts" ] || rm -f "$js" "$js.map" "${js%.js}.d.ts"
  done < <(find dist/test -name '*.js' -print0)
fi
say "building (npm run build)"
build_rc=0
npm run build || build_rc=$?
if [ "$build_rc" -ne 0 ]; then
  say "WARNING: the TypeScript build reported errors (exit $build_rc); running the emitted tests anyway, the run will fail"
fi

# -------------------------------------------------------------------------------- 4. Kafka broker
bash scripts/kafka.sh fetch

# The first free pair of ports N, N+1 from $1 (stepping by 2, up to +100), so two runs can coexist;
# exits naming $2 when there is none.
free_port_pair() {
  local p
  for ((p = $1; p < $1 + 100; p += 2)); do
    if ! port_in_use "$p" && ! port_in_use "$((p + 1))"; then printf '%s\n' "$p"; return 0; fi
  done
  echo "test.sh: no free port pair for $2 from $1" >&2
  exit 1
}
KAFKA_PORT="$(free_port_pair "${KAFKA_TEST_PORT:-19092}" "the test broker")"

KAFKA_DATA="$ROOT/.cache/test-kafka-$$"
REGISTRY_DATA="$ROOT/.cache/test-registry-$$"
PG_LOGICAL_DATA="$ROOT/.cache/test-pg-logical-$$"
cleaned=0
test_pid=""
cleanup() {
  [ "$cleaned" = 1 ] && return
  cleaned=1
  if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then
    kill -TERM "$test_pid" 2>/dev/null || true
    wait "$test_pid" 2>/dev/null || true
  fi
  # only ever this run's broker: kafka.sh stops the pid in this data dir's pid file
  bash scripts/kafka.sh stop --data "$KAFKA_DATA" >/dev/null 2>&1 || true
  bash scripts/registry.sh stop --data "$REGISTRY_DATA" >/dev/null 2>&1 || true
  rm -rf "$REGISTRY_DATA"
  bash scripts/postgres-logical.sh stop --data "$PG_LOGICAL_DATA" >/dev/null 2>&1 || true
  rm -rf "$PG_LOGICAL_DATA"
  if [ "${KEEP_TEST_KAFKA:-}" = 1 ]; then
    echo "test.sh: kept the test broker's data and logs in $KAFKA_DATA" >&2
  else
    rm -rf "$KAFKA_DATA"
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

say "starting the test Kafka broker on 127.0.0.1:$KAFKA_PORT (data ${KAFKA_DATA#"$ROOT"/})"
bash scripts/kafka.sh start --port "$KAFKA_PORT" --controller-port "$((KAFKA_PORT + 1))" --data "$KAFKA_DATA"
export KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

# ------------------------------------------- 4b. PostgreSQL with wal_level=logical (CDC tests)
# A private cluster of this run (its own port and data dir), stopped with the broker in cleanup().
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "starting a private PostgreSQL with wal_level=logical for the CDC tests"
  if PG_LOGICAL_PORT="$(bash scripts/postgres-logical.sh start --port "${PG_LOGICAL_TEST_PORT:-15432}" --data "$PG_LOGICAL_DATA")"; then
    export PG_LOGICAL_PORT
  else
    say "WARNING: the private PostgreSQL did not start; the CDC tests will fail"
  fi
else
  say "WARNING: no PostgreSQL server binaries (apt-get install postgresql); the CDC tests will fail"
fi
# Debezium's PostgreSQL connector, the reference of the CDC differential test (mvn, cached)
bash scripts/debezium.sh fetch || say "WARNING: could not fetch Debezium; the CDC differential test will fail"

# ------------------------------------------------------------------------------ 4c. schema registry
REGISTRY_PORT="$(free_port_pair "${REGISTRY_TEST_PORT:-18081}" "the test schema registry")"
say "starting the test schema registry on 127.0.0.1:$REGISTRY_PORT"
if bash scripts/registry.sh start --port "$REGISTRY_PORT" --management-port "$((REGISTRY_PORT + 1))" --data "$REGISTRY_DATA"; then
  SCHEMA_REGISTRY_URL="$(bash scripts/registry.sh url --port "$REGISTRY_PORT")"
  export SCHEMA_REGISTRY_URL
else
  say "WARNING: the schema registry did not start; the schema registry tests will fail"
fi

# ---------------------------------------------------------------------------------------- 5. tests
dirs=()
for d in dist/test/unit dist/test/integration; do [ -d "$d" ] && dirs+=("$d"); done
if [ "${#dirs[@]}" -eq 0 ]; then
  echo "test.sh: no compiled tests in dist/test/unit or dist/test/integration" >&2
  exit 1
fi

say "running tests: node --test ${dirs[*]} (KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP, SCHEMA_REGISTRY_URL=${SCHEMA_REGISTRY_URL:-none})"
test_rc=0
# in the background + `wait`, so that a SIGTERM/SIGINT to this script runs its trap at once
node --test --test-concurrency=2 --test-timeout="${TEST_TIMEOUT_MS:-600000}" "$@" "${dirs[@]}" &
test_pid=$!
wait "$test_pid" || test_rc=$?
test_pid=""

if [ "$test_rc" -ne 0 ]; then
  say "tests failed (exit $test_rc)"
  exit "$test_rc"
fi
if [ "$lint_rc" -ne 0 ]; then
  say "tests passed, but npm run lint found imports that cross a room's wall (exit $lint_rc): failing the run"
  exit "$lint_rc"
fi
if [ "$build_rc" -ne 0 ]; then
  say "tests passed, but the TypeScript build failed (exit $build_rc): failing the run"
  exit "$build_rc"
fi
say "all tests passed"
exit 0
