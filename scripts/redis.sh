#!/usr/bin/env bash
# Starts a throwaway Redis from Debian's package (redis-server) on a loopback port for the cluster
# tests and prints `export PARLEY_TEST_REDIS_URL=…`. Usage: eval "$(bash scripts/redis.sh start)"; … stop.
# Nothing is saved to disk: a restart of this Redis loses every key, the worst case the cluster
# must survive (issue 18, [PL5]).
set -euo pipefail
DIR=${PARLEY_REDIS_DIR:-/tmp/parley-redis}
PORT=${PARLEY_REDIS_PORT:-56379}

case "${1:-start}" in
  start)
    if ! command -v redis-server >/dev/null; then
      if [ "$(id -u)" != "0" ]; then echo "echo 'Redis is not installed (apt-get install redis-server)' >&2"; exit 0; fi
      export DEBIAN_FRONTEND=noninteractive
      (apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }) >&2
    fi
    mkdir -p "$DIR"
    if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
      redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
      for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "export PARLEY_TEST_REDIS_URL=redis://127.0.0.1:$PORT"
    ;;
  stop)
    redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
esac
