#!/usr/bin/env bash
# The main job: a local Kafka broker and Kafka's own Connect file quickstart, run by kconnect.
# Lines appended to test.txt flow through the topic connect-test into test.sink.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then npm ci --no-audit --no-fund; fi
npm run build --silent
bash scripts/kafka.sh fetch
bash scripts/kafka.sh start

mkdir -p .cache
touch test.txt test.sink.txt
log=.cache/quickstart-connect.log
node bin/connect-standalone.js config/connect-standalone.properties \
  config/connect-file-source.properties config/connect-file-sink.properties >"$log" 2>&1 &
connect_pid=$!
cleanup() {
  kill -TERM "$connect_pid" 2>/dev/null && wait "$connect_pid" 2>/dev/null || true
  if [ "${KEEP_BROKER:-0}" != 1 ]; then bash scripts/kafka.sh stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 120); do
  if curl -fsS http://localhost:8083/connectors >/dev/null 2>&1; then break; fi
  if ! kill -0 "$connect_pid" 2>/dev/null; then echo "connect-standalone exited; see $log" >&2; tail -n 30 "$log" >&2; exit 1; fi
  sleep 0.5
done

stamp="hello from kconnect $(date -u +%Y-%m-%dT%H:%M:%SZ) $$"
printf 'foo\nbar\n%s\n' "$stamp" >> test.txt
echo "Appended to test.txt: foo, bar, \"$stamp\""
for _ in $(seq 1 120); do
  if grep -qF "$stamp" test.sink.txt; then break; fi
  sleep 0.5
done
if ! grep -qF "$stamp" test.sink.txt; then
  echo "The line did not reach test.sink.txt within 60 s; see $log" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
echo
echo "test.sink.txt now ends with:"
tail -n 3 test.sink.txt
echo
curl -fsS http://localhost:8083/connectors/local-file-source/status; echo
curl -fsS http://localhost:8083/connectors/local-file-sink/status; echo

if [ -t 0 ]; then
  echo
  echo "Running. In another terminal: echo 'another line' >> test.txt ; tail -f test.sink.txt"
  echo "REST API: http://localhost:8083/connectors  —  Ctrl-C stops the worker and the broker."
  wait "$connect_pid"
fi
