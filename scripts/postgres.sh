#!/usr/bin/env bash
# A throwaway PostgreSQL server on the loopback interface, for trying ISU on PostgreSQL and for its
# tests. Installs Debian's package when the server is missing (needs root or sudo), creates the
# cluster in $ISU_PG_DIR (default /tmp/isu-postgres) on port $ISU_PG_PORT (default 55432), starts it,
# and creates the login role `isu` (the role dbt builds as; may create roles, not a superuser) and
# the database `isu`. Then prints the environment for `isu --target postgres`:
#   eval "$(bash scripts/postgres.sh)"
# `bash scripts/postgres.sh stop` stops it. Local connections are trusted: a server for tests and
# trials only, never for real data.
set -euo pipefail
DIR="${ISU_PG_DIR:-/tmp/isu-postgres}"
PORT="${ISU_PG_PORT:-55432}"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ]; then
    echo "Installerar PostgreSQL (installing PostgreSQL from Debian's packages)" >&2
    sudo_if_needed apt-get update -qq >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"

# initdb and the server refuse to run as root: run them as the `postgres` user then
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = "stop" ]; then
    [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2
    exit 0
fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
psql_admin() { as_owner psql -h "$DIR" -p "$PORT" -U postgres -d postgres -qtAX "$@"; }
if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname = 'isu'")" ]; then
    # may create roles and databases (the tests make a database and two logins of their own) and
    # end other sessions on its databases (a test database is dropped with force)
    psql_admin -c "create role isu login createrole createdb"
    psql_admin -c "grant pg_signal_backend to isu"
fi
if [ -z "$(psql_admin -c "select 1 from pg_database where datname = 'isu'")" ]; then
    psql_admin -c "create database isu owner isu"
fi
echo "export ISU_PG_HOST=127.0.0.1 ISU_PG_PORT=$PORT ISU_PG_USER=isu ISU_PG_DATABASE=isu"
