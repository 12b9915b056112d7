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
#   TEST_TIMEOUT_MS   per-test timeout for node --test (default 300000)
# The tests see KAFKA_BOOTSTRAP=127.0.0.1:<port> (test/helpers/kafka.ts reads it) and
# PGHOST/PGPORT defaults of 127.0.0.1/5432.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

say() { printf '\n== test.sh: %s\n' "$*" >&2; }

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

# --------------------------------------------------------------------------------------- 3. build
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

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
first_port="${KAFKA_TEST_PORT:-19092}"
KAFKA_PORT=""
for ((p = first_port; p < first_port + 100; p += 2)); do
  if ! port_in_use "$p" && ! port_in_use "$((p + 1))"; then KAFKA_PORT="$p"; break; fi
done
[ -n "$KAFKA_PORT" ] || { echo "test.sh: no free port pair for the test broker from $first_port" >&2; exit 1; }

KAFKA_DATA="$ROOT/.cache/test-kafka-$$"
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

# ---------------------------------------------------------------------------------------- 5. tests
dirs=()
for d in dist/test/unit dist/test/integration; do [ -d "$d" ] && dirs+=("$d"); done
if [ "${#dirs[@]}" -eq 0 ]; then
  echo "test.sh: no compiled tests in dist/test/unit or dist/test/integration" >&2
  exit 1
fi

say "running tests: node --test ${dirs[*]} (KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP)"
test_rc=0
# in the background + `wait`, so that a SIGTERM/SIGINT to this script runs its trap at once
node --test --test-concurrency=2 --test-timeout="${TEST_TIMEOUT_MS:-300000}" "$@" "${dirs[@]}" &
test_pid=$!
wait "$test_pid" || test_rc=$?
test_pid=""

if [ "$test_rc" -ne 0 ]; then
  say "tests failed (exit $test_rc)"
  exit "$test_rc"
fi
if [ "$build_rc" -ne 0 ]; then
  say "tests passed, but the TypeScript build failed (exit $build_rc): failing the run"
  exit "$build_rc"
fi
say "all tests passed"
exit 0
