#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests: run as the `postgres` user, data in a
# temporary folder, listening on 127.0.0.1 only. Prints the admin URL on its last line.
#   HUBDESK_PG_PORT  port to listen on (default: a free port picked now)
#   HUBDESK_PG_DATA  empty folder for the cluster (default: a new mktemp folder)
# Stop it with: .ci/stop-postgres.sh DATA_FOLDER   (the folder is printed on stderr)
set -euo pipefail
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
  exit 1
fi
PORT="${HUBDESK_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}"
DATA="${HUBDESK_PG_DATA:-$(mktemp -d /tmp/hubdesk-pg.XXXXXX)}"
mkdir -p "$DATA"
chown postgres:postgres "$DATA"
chmod 700 "$DATA"
echo "PostgreSQL data folder: $DATA" >&2
su postgres -s /bin/sh -c "'$PGBIN/initdb' -D '$DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$DATA.initdb.log' 2>&1" \
  || { cat "$DATA.initdb.log" >&2; exit 1; }
su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='$DATA' -c fsync=off -c max_connections=200\" start" >&2 \
  || { cat "$DATA/server.log" >&2; exit 1; }
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
