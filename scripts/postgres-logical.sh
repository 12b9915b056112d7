#!/usr/bin/env bash
# A private PostgreSQL cluster with wal_level=logical, for the change-data-capture connector's tests
# and benchmark. The shared server on 5432 stays as it is: logical decoding needs wal_level=logical,
# which is a server-wide setting. Debian's server binaries (initdb, pg_ctl) run as the `postgres`
# user; the cluster trusts 127.0.0.1 and has a database `test`.
#
#   bash scripts/postgres-logical.sh start [--port 15432] [--data DIR]   (prints nothing else on stdout
#        than the port; idempotent: a cluster already running in DIR is reused)
#   bash scripts/postgres-logical.sh stop  [--data DIR]                  (pg_ctl stop -m fast, by its pid file)
#   bash scripts/postgres-logical.sh status [--data DIR]
#
# Environment: PG_BINDIR (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=15432
DATA="$ROOT/.cache/pg-logical"

# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"

cmd="${1:-}"; [ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --data) DATA="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done

bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then printf '%s\n' "$PG_BINDIR"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] || die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  printf '%s\n' "$d"
}

# Run as the postgres user when we are root (initdb refuses root); as ourselves otherwise.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# the data dir as the postgres user reaches it (the link target when the cluster lives in /tmp)
pgd() { readlink -f "$DATA/pgdata"; }

running() { [ -f "$DATA/pgdata/postmaster.pid" ] && as_pg "$(bindir)/pg_ctl" -D "$(pgd)" status >/dev/null 2>&1; }

cmd_start() {
  local bin; bin="$(bindir)"
  mkdir -p "$DATA"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$DATA"
    # a checkout under a folder the postgres user cannot enter (/root/...): keep the cluster in /tmp,
    # linked from DATA so that stop and status find it
    if ! runuser -u postgres -- test -w "$DATA" && [ ! -e "$DATA/pgdata" ]; then
      local outside
      outside="$(mktemp -d /tmp/kconnect-pg-logical.XXXXXX)"
      chown postgres: "$outside"
      ln -s "$outside" "$DATA/pgdata.link"
      mkdir -p "$outside/pgdata" && chown postgres: "$outside/pgdata" && chmod 700 "$outside/pgdata"
      ln -s "$outside/pgdata" "$DATA/pgdata"
    fi
  fi
  if running; then
    PORT="$(sed -n 4p "$DATA/pgdata/postmaster.pid")"
    log "already running on 127.0.0.1:$PORT (data ${DATA#"$ROOT"/})"
    printf '%s\n' "$PORT"; return 0
  fi
  if [ ! -f "$DATA/pgdata/PG_VERSION" ]; then
    [ -L "$DATA/pgdata" ] || rm -rf "$DATA/pgdata"
    as_pg "$bin/initdb" -D "$(pgd)" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
      || { cat "$DATA/initdb.log" >&2; die "initdb failed"; }
    cat >>"$DATA/pgdata/postgresql.conf" <<CONF
# scripts/postgres-logical.sh: logical decoding for the CDC connector's tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
wal_level = logical
max_replication_slots = 64
max_wal_senders = 64
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
max_wal_size = 2GB
TimeZone = 'UTC'
CONF
    cat >"$DATA/pgdata/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
local replication all trust
HBA
  fi
  # the port may be taken by something else: try the next ones
  local p
  for ((p = PORT; p < PORT + 50; p++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    if as_pg "$bin/pg_ctl" -D "$(pgd)" -l "$(dirname "$(pgd)")/postgres.log" -o "-p $p" -w -t 60 start >/dev/null 2>&1; then
      PORT="$p"; break
    fi
    running && break
    tail -5 "$(dirname "$(pgd)")/postgres.log" >&2 || true
    die "pg_ctl start failed on port $p"
  done
  as_pg "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
    || as_pg "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE test" >/dev/null
  log "PostgreSQL $(cat "$DATA/pgdata/PG_VERSION") with wal_level=logical on 127.0.0.1:$PORT, pid $(head -1 "$DATA/pgdata/postmaster.pid"), data ${DATA#"$ROOT"/}"
  printf '%s\n' "$PORT"
}

cmd_stop() {
  if [ -f "$DATA/pgdata/postmaster.pid" ]; then
    as_pg "$(bindir)/pg_ctl" -D "$(pgd)" -m fast -w stop >/dev/null 2>&1 || true
    log "stopped (data ${DATA#"$ROOT"/})"
  fi
  # the cluster kept in /tmp for a folder the postgres user could not enter
  if [ -L "$DATA/pgdata.link" ]; then rm -rf "$(readlink "$DATA/pgdata.link")"; rm -f "$DATA/pgdata.link" "$DATA/pgdata"; fi
}

case "$cmd" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) if running; then echo "running on $(sed -n 4p "$DATA/pgdata/postmaster.pid")"; else echo stopped; exit 3; fi ;;
  *) usage >&2; exit 2 ;;
esac
