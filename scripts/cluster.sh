#!/usr/bin/env bash
# A Parley cluster on loopback ports (issue 18, [PL7]): Redis, PostgreSQL, N Parley nodes and an
# HAProxy in front of them (WebSocket-aware, active health checks on /readyz), all from Debian's
# packages. Usage: bash scripts/cluster.sh start [N]; … status; … stop; … install (HAProxy only);
# … haproxy-config PORT NAME=HOST:PORT… (the balancer's configuration on stdout: e2e/cluster.spec.ts
# runs its HAProxy with it, so the test and this script share one configuration).
#   CLUSTER_PORT   the balancer's port (default 9500); node i listens on CLUSTER_PORT + i
#   CLUSTER_DIR    logs, pids and the HAProxy config (default /tmp/parley-cluster)
# Redis and PostgreSQL come from scripts/redis.sh and scripts/postgres.sh on CLUSTER_PORT + 90 and
# + 91 unless PARLEY_REDIS_PORT / PARLEY_PG_PORT say otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" # tsx resolves from the checkout
PORT=${CLUSTER_PORT:-9500}
DIR=${CLUSTER_DIR:-/tmp/parley-cluster}
export PARLEY_REDIS_PORT=${PARLEY_REDIS_PORT:-$((PORT + 90))} PARLEY_REDIS_DIR=${PARLEY_REDIS_DIR:-$DIR/redis}
export PARLEY_PG_PORT=${PARLEY_PG_PORT:-$((PORT + 91))} PARLEY_PG_DIR=${PARLEY_PG_DIR:-$DIR/pg}

wait_ready() { # url, seconds
  for _ in $(seq $(($2 * 10))); do curl -sf "$1/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "no readiness from $1" >&2
  return 1
}

install_haproxy() { # Debian's package, when root and missing (scripts/test.sh calls it for e2e/cluster.spec.ts)
  if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then return 0; fi
  if [ "$(id -u)" != "0" ]; then echo 'HAProxy is not installed (apt-get install haproxy)' >&2; return 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
}

# The balancer in front of the nodes: port, then one NAME=HOST:PORT per node. WebSockets pass
# through in HTTP mode (HAProxy sees the Upgrade); the tunnel timeout keeps idle sockets open. A
# node failing /readyz (draining: 503 at once) gets no new connections. [PL36] The PARLEY_NODE
# cookie keeps a browser on the node it first reached (NAME is its value): Parley does not need it,
# but a browser's page and sockets then share a node, and a test or an operator can pin a browser
# to a node; a node that is down or refuses the connection is skipped (redispatch).
haproxy_config() {
  local port=$1
  shift
  cat <<EOF
global
  maxconn 4000
defaults
  mode http
  retries 2
  option redispatch
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
frontend parley
  bind 127.0.0.1:$port
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  option forwardfor
  cookie PARLEY_NODE insert indirect nocache httponly
EOF
  for server in "$@"; do
    echo "  server ${server%%=*} ${server#*=} check inter 1s fall 2 rise 2 cookie ${server%%=*}"
  done
}

case "${1:-start}" in
  start)
    N=${2:-3}
    mkdir -p "$DIR"
    install_haproxy
    eval "$(bash "$ROOT/scripts/redis.sh" start)"
    eval "$(bash "$ROOT/scripts/postgres.sh" start)"
    : "${PARLEY_TEST_REDIS_URL:?Redis did not start}" "${PARLEY_TEST_POSTGRES_URL:?PostgreSQL did not start}"
    servers=()
    for i in $(seq 1 "$N"); do
      node_port=$((PORT + i))
      # Started one after another: the first migrates the database and creates the demo tenant.
      PORT=$node_port HOST=127.0.0.1 PARLEY_PUBLIC_URL="http://127.0.0.1:$PORT" PARLEY_JANUS=off \
        PARLEY_DATABASE_URL="$PARLEY_TEST_POSTGRES_URL" PARLEY_REDIS_URL="$PARLEY_TEST_REDIS_URL" \
        PARLEY_NODE_ID="node$i" PARLEY_DATA_DIR="$DIR/node$i" \
        nohup node --import tsx "$ROOT/packages/server/src/main.ts" >"$DIR/node$i.log" 2>&1 &
      echo $! >"$DIR/node$i.pid"
      wait_ready "http://127.0.0.1:$node_port" 60
      servers+=("node$i=127.0.0.1:$node_port")
    done
    haproxy_config "$PORT" "${servers[@]}" >"$DIR/haproxy.cfg"
    PATH=$PATH:/usr/sbin haproxy -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid"
    echo "Parley cluster: http://127.0.0.1:$PORT ($N nodes on $((PORT + 1))-$((PORT + N)); logs in $DIR)"
    ;;
  install) install_haproxy ;;
  haproxy-config)
    shift
    haproxy_config "$@"
    ;;
  status)
    for pidfile in "$DIR"/node*.pid; do
      [ -e "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      kill -0 "$(cat "$pidfile")" 2>/dev/null && echo "$name: running" || echo "$name: stopped"
    done
    [ -e "$DIR/haproxy.pid" ] && kill -0 "$(cat "$DIR/haproxy.pid")" 2>/dev/null && echo "haproxy: running"
    ;;
  stop)
    [ -e "$DIR/haproxy.pid" ] && kill "$(cat "$DIR/haproxy.pid")" 2>/dev/null || true
    # SIGTERM: each node releases its leases ([PL4]) and closes its sockets with 1012.
    for pidfile in "$DIR"/node*.pid; do
      [ -e "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    done
    bash "$ROOT/scripts/redis.sh" stop
    bash "$ROOT/scripts/postgres.sh" stop
    ;;
esac
