#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (Debian's `postgresql` package).
#
#   eval "$(.ci/postgres.sh start)"   # prints: export CLAIMGRAPH_TEST_PG=postgresql://...
#   .ci/postgres.sh stop              # stops the server and deletes its data directory
#
# The server listens on 127.0.0.1 only (PGPORT, default 54329) with trust authentication, keeps its
# data in a mktemp directory (remembered in $STATE) and owns database claimgraph_test. As root it
# runs as the `postgres` user; otherwise as the calling user.
set -euo pipefail

PORT="${PGPORT:-54329}"
STATE="${CLAIMGRAPH_PG_STATE:-${TMPDIR:-/tmp}/claimgraph-ci-postgres.state}"
DB=claimgraph_test

bindir() {
  # Resolve symlinks: pg_ctl on the PATH may be a link into the versioned folder holding createdb.
  if command -v pg_ctl > /dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] || { echo "postgres.sh: no PostgreSQL binaries; apt-get install -y postgresql" >&2; exit 1; }
  echo "$d"
}

as_owner() {  # run a command as the data directory's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin data user
  bin="$(bindir)"
  if [ -f "$STATE" ]; then echo "postgres.sh: already started ($(cat "$STATE")); run stop first" >&2; exit 1; fi
  data="$(mktemp -d "${TMPDIR:-/tmp}/claimgraph-pg.XXXXXX")"
  user="$(id -un)"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data"; user=postgres; fi
  echo "$data" > "$STATE"
  # C locale: byte-order string comparison, the same as SQLite's, so ordered queries agree.
  as_owner "$bin/initdb" --pgdata="$data" --username="$user" --auth=trust --encoding=UTF8 --no-locale > "$data.initdb.log"
  as_owner "$bin/pg_ctl" --pgdata="$data" --log="$data/server.log" --wait \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $data -c fsync=off" start > /dev/null
  as_owner "$bin/createdb" --host=127.0.0.1 --port="$PORT" --username="$user" "$DB"
  echo "export CLAIMGRAPH_TEST_PG=postgresql://$user@127.0.0.1:$PORT/$DB"
}

stop() {
  local bin data
  [ -f "$STATE" ] || { echo "postgres.sh: not started" >&2; return 0; }
  bin="$(bindir)"
  data="$(cat "$STATE")"
  as_owner "$bin/pg_ctl" --pgdata="$data" --mode=fast --wait stop > /dev/null || true
  rm -rf "$data" "$data.initdb.log" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
