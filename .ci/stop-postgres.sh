#!/usr/bin/env bash
# Stop the server .ci/start-postgres.sh started in DATA and remove its folder.
set -euo pipefail
DATA="${1:?usage: stop-postgres.sh DATA_FOLDER}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -f "$DATA/postmaster.pid" ]; then
  su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$DATA' -m fast -w -t 60 stop" >&2 || true
fi
rm -rf "$DATA" "$DATA.initdb.log"
