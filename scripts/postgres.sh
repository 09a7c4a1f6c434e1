#!/usr/bin/env bash
# Starts a throwaway PostgreSQL from Debian's packages for the storage contract tests and prints
# `export PARLEY_TEST_POSTGRES_URL=…`. Usage: eval "$(bash scripts/postgres.sh start)"; … stop.
set -euo pipefail
DIR=${PARLEY_PG_DIR:-/tmp/parley-pg}
PORT=${PARLEY_PG_PORT:-55432}
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

case "${1:-start}" in
  start)
    if [ -z "$(find_bin)" ]; then
      if [ "$(id -u)" != "0" ]; then echo "echo 'PostgreSQL is not installed (apt-get install postgresql)' >&2"; exit 0; fi
      export DEBIAN_FRONTEND=noninteractive
      (apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }) >&2
    fi
    BIN=$(find_bin)
    as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      rm -rf "$DIR" && mkdir -p "$DIR"
      [ "$(id -u)" = "0" ] && chown postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" --auth=trust -U parley >/dev/null
      as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/log" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
      as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U parley parley_test
    fi
    echo "export PARLEY_TEST_POSTGRES_URL=postgres://parley@127.0.0.1:$PORT/parley_test"
    ;;
  stop)
    BIN=$(find_bin)
    [ -n "$BIN" ] || exit 0
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    else "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true; fi
    ;;
esac
