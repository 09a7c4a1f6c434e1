#!/usr/bin/env bash
# Runs Debian's Janus (VideoRoom plugin, WebSocket API) for Parley's broadcast and conference media.
# Writes its own config folder (only what Parley uses), binds the API to 127.0.0.1, and prints
# `export PARLEY_JANUS_URL=… PARLEY_JANUS_API_SECRET=… PARLEY_JANUS_ADMIN_KEY=…` for the server.
#   eval "$(bash scripts/janus.sh start)"   …   bash scripts/janus.sh stop
# Env: PARLEY_JANUS_WS_PORT (8188), PARLEY_JANUS_RTP_PORTS (20000-40000), PARLEY_JANUS_DIR,
#      PARLEY_JANUS_ICE_ENFORCE (interfaces for ICE, e.g. eth0), PARLEY_JANUS_NAT_1_1 (public IP).
set -euo pipefail
PORT=${PARLEY_JANUS_WS_PORT:-8188}
DIR=${PARLEY_JANUS_DIR:-/tmp/parley-janus-$PORT}
RTP=${PARLEY_JANUS_RTP_PORTS:-20000-40000}
LIB=$(dirname "$(ls -d /usr/lib/*/janus/plugins 2>/dev/null | head -n 1)" 2>/dev/null || true)

running() { [ -f "$DIR/janus.pid" ] && kill -0 "$(cat "$DIR/janus.pid")" 2>/dev/null; }
print_env() {
  echo "export PARLEY_JANUS_STARTED=${1:-0} PARLEY_JANUS_URL=ws://127.0.0.1:$PORT PARLEY_JANUS_API_SECRET=$(cat "$DIR/api_secret") PARLEY_JANUS_ADMIN_KEY=$(cat "$DIR/admin_key")"
}

case "${1:-start}" in
  install)
    command -v janus >/dev/null && exit 0
    if [ "$(id -u)" != "0" ]; then echo "Janus is missing: run 'sudo apt-get install -y janus'." >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq janus >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq janus >/dev/null; }
    ;;
  start)
    if ! command -v janus >/dev/null; then echo "echo 'janus is not installed (apt-get install janus)' >&2"; exit 3; fi
    if running; then print_env; exit 0; fi
    rm -rf "$DIR" && mkdir -p "$DIR/conf" "$DIR/none"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/api_secret"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/admin_key"
    ENFORCE=""; [ -n "${PARLEY_JANUS_ICE_ENFORCE:-}" ] && ENFORCE="ice_enforce_list = \"$PARLEY_JANUS_ICE_ENFORCE\""
    NAT11=""; [ -n "${PARLEY_JANUS_NAT_1_1:-}" ] && NAT11="nat_1_1_mapping = \"$PARLEY_JANUS_NAT_1_1\""
    cat >"$DIR/conf/janus.jcfg" <<CFG
general: {
  configs_folder = "$DIR/conf"
  plugins_folder = "$LIB/plugins"
  transports_folder = "$LIB/transports"
  events_folder = "$DIR/none"
  loggers_folder = "$DIR/none"
  debug_level = ${PARLEY_JANUS_DEBUG_LEVEL:-3}
  api_secret = "$(cat "$DIR/api_secret")"
  session_timeout = 60
  server_name = "parley-janus"
}
plugins: {
  disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
  disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
media: {
  rtp_port_range = "$RTP"
}
nat: {
  ice_ignore_list = "vmnet"
  ignore_mdns = true
  $ENFORCE
  $NAT11
}
CFG
    cat >"$DIR/conf/janus.transport.websockets.jcfg" <<CFG
general: {
  json = "plain"
  ws = true
  ws_port = $PORT
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
CFG
    cat >"$DIR/conf/janus.plugin.videoroom.jcfg" <<CFG
general: {
  admin_key = "$(cat "$DIR/admin_key")"
  string_ids = true
}
CFG
    janus -F "$DIR/conf" -b -p "$DIR/janus.pid" -L "$DIR/janus.log" >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then print_env 1; exit 0; fi
      sleep 0.1
    done
    echo "echo 'janus did not start; see $DIR/janus.log' >&2"; exit 1
    ;;
  stop)
    if running; then kill "$(cat "$DIR/janus.pid")" 2>/dev/null || true; fi
    rm -f "$DIR/janus.pid"
    ;;
  *) echo "usage: janus.sh install|start|stop" >&2; exit 2 ;;
esac
