#!/usr/bin/env bash
# A PostgreSQL server of our own on loopback, for the store tests: installs Debian's package
# when missing, creates a trust-auth cluster in $BILAT_PG_DATA, starts it (once) and prints
# the SQLAlchemy URL of its maintenance database. The tests create one database each.
set -euo pipefail
DATA=${BILAT_PG_DATA:-/tmp/bilat-pg}
PORT=${BILAT_PG_PORT:-54329}
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS_PG="$SUDO runuser -u postgres --"
[ "$(id -u)" -eq 0 ] || AS_PG="sudo -u postgres"
if [ ! -f "$DATA/PG_VERSION" ]; then
  $SUDO mkdir -p "$DATA"
  $SUDO chown postgres "$DATA"
  $AS_PG "$PGBIN/initdb" -D "$DATA" -U bilat --auth=trust -E UTF8 >/dev/null
fi
if ! $AS_PG "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  $AS_PG "$PGBIN/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >/dev/null
fi
echo "postgresql+psycopg://bilat@127.0.0.1:$PORT/postgres"
