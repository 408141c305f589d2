#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL server on 127.0.0.1 for the storage tests.
# stdout carries ONLY `export BUMPWISE_TEST_POSTGRES_URL=...` (scripts/test.sh evals it);
# every log line goes to stderr. Safe to run again: a running server is reused.
set -euo pipefail
log() { echo "20-postgres: $*" >&2; }

STATE=${BUMPWISE_TEST_PG_DIR:-${TMPDIR:-/tmp}/bumpwise-test-postgres}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/postgres" ]; then
  log "PostgreSQL server binaries missing; installing the Debian package"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# PostgreSQL refuses to run as root: run it as the `postgres` system user when we are root.
if [ "$(id -u)" = 0 ]; then
  RUNAS=(runuser -u postgres --)
  OWNER=postgres
else
  RUNAS=()
  OWNER=$(id -un)
fi
as_owner() { "${RUNAS[@]}" "$@"; }

DATA="$STATE/data"
mkdir -p "$STATE"
chown "$OWNER" "$STATE"
chmod 700 "$STATE"

if [ ! -f "$STATE/password" ]; then
  # Random password: the cluster listens on loopback only, but other local users exist.
  as_owner sh -c "umask 077; head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > '$STATE/password'"
fi
PASSWORD=$(cat "$STATE/password")

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initdb in $DATA"
  as_owner sh -c "umask 077; printf '%s\n' '$PASSWORD' > '$STATE/pwfile'"
  as_owner "$PGBIN/initdb" -D "$DATA" -U bumpwise --pwfile="$STATE/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >&2
  rm -f "$STATE/pwfile"
fi

running() { as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if running && [ -f "$STATE/port" ]; then
  PORT=$(cat "$STATE/port")
  log "reusing the server on 127.0.0.1:$PORT"
else
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner sh -c "echo $PORT > '$STATE/port'"
  log "starting on 127.0.0.1:$PORT"
  # fsync off: a test server, thrown away; max_connections covers two xdist workers and margins.
  as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$STATE/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2
fi

for _ in $(seq 1 50); do
  if "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then break; fi
  sleep 0.2
done
"$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" >&2

echo "export BUMPWISE_TEST_POSTGRES_URL=postgresql+psycopg://bumpwise:$PASSWORD@127.0.0.1:$PORT/postgres"
