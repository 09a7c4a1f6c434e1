#!/usr/bin/env bash
# Runs Debian's Janus (VideoRoom plugin, WebSocket API) for Parley's broadcast and conference media,
# and its AudioBridge for the audio of calls in phone mode ([TP6]).
# Writes its own config folder (only what Parley uses), binds the API to 127.0.0.1, and prints
# `export PARLEY_JANUS_URL=… PARLEY_JANUS_API_SECRET=… PARLEY_JANUS_ADMIN_KEY=… PARLEY_JANUS_DIR=…`.
#   eval "$(bash scripts/janus.sh start)"   …   bash scripts/janus.sh stop
# Env: PARLEY_JANUS_WS_PORT (8188), PARLEY_JANUS_RTP_PORTS (20000-40000),
#      PARLEY_JANUS_DIR (default: $XDG_RUNTIME_DIR/parley-janus/<port>, else ~/.cache/parley-janus/<port>),
#      PARLEY_JANUS_ICE_ENFORCE (interfaces for ICE, e.g. eth0), PARLEY_JANUS_NAT_1_1 (public IP),
#      PARLEY_JANUS_WS_IP (where the API listens, 127.0.0.1; the network lab's Janus has a host of its own),
#      PARLEY_JANUS_OWNER_PID (stop Janus when this process ends).
# [SD8] The folder holds the API secret and admin key: the script creates it itself (0700, files
# 0600) and refuses one it did not create — another user's, a symlink, a wider mode, or a folder
# without its marker — instead of trusting a config, secret or pid file planted there.
set -euo pipefail
umask 077
PORT=${PARLEY_JANUS_WS_PORT:-8188}
WS_IP=${PARLEY_JANUS_WS_IP:-127.0.0.1}
RTP=${PARLEY_JANUS_RTP_PORTS:-20000-40000}
LIB=$(dirname "$(ls -d /usr/lib/*/janus/plugins 2>/dev/null | head -n 1)" 2>/dev/null || true)
MARKER=.parley-janus-sh
ME=$(id -u)

refuse() { echo "echo 'janus.sh: refusing $1: $2' >&2"; echo "janus.sh: refusing $1: $2" >&2; exit 4; }

# A folder is ours when it is a real directory (no symlink), owned by us, mode 0700.
private_dir() { [ ! -L "$1" ] && [ -d "$1" ] && [ "$(stat -c '%u %a' "$1")" = "$ME 700" ]; }

if [ -n "${PARLEY_JANUS_DIR:-}" ]; then
  DIR=$PARLEY_JANUS_DIR
else
  # A private parent of our own: no predictable, shared /tmp path.
  if [ -n "${XDG_RUNTIME_DIR:-}" ] && private_dir "$XDG_RUNTIME_DIR"; then PARENT=$XDG_RUNTIME_DIR/parley-janus
  else PARENT=${HOME:?set HOME or PARLEY_JANUS_DIR}/.cache/parley-janus; fi
  mkdir -p "$(dirname "$PARENT")"
  [ -e "$PARENT" ] || [ -L "$PARENT" ] || mkdir -m 0700 "$PARENT"
  private_dir "$PARENT" || refuse "$PARENT" 'not a private (0700) folder of this user'
  DIR=$PARENT/$PORT
fi

# The state folder exists only as this script made it: created here (mkdir fails on anything
# already there), or made by an earlier run — ours, private and marked.
ours() { private_dir "$DIR" && [ -f "$DIR/$MARKER" ] && [ ! -L "$DIR/$MARKER" ]; }
check_existing() {
  if [ -e "$DIR" ] || [ -L "$DIR" ]; then ours || refuse "$DIR" 'a folder this script did not create'; fi
}
create_dir() {
  mkdir -m 0700 "$DIR" 2>/dev/null || refuse "$DIR" 'could not create it (something else is there)'
  : >"$DIR/$MARKER"
  mkdir "$DIR/conf" "$DIR/none"
}

# The pid file counts only when it names a Janus started with this folder's config.
running() {
  [ -f "$DIR/janus.pid" ] || return 1
  local pid; pid=$(cat "$DIR/janus.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-F $DIR/conf "
}
print_env() {
  echo "export PARLEY_JANUS_STARTED=${1:-0} PARLEY_JANUS_URL=ws://$WS_IP:$PORT PARLEY_JANUS_API_SECRET=$(cat "$DIR/api_secret") PARLEY_JANUS_ADMIN_KEY=$(cat "$DIR/admin_key") PARLEY_JANUS_DIR=$DIR"
}

# [OP7] With PARLEY_JANUS_OWNER_PID (the Parley server that asked), Janus stops when that process is
# gone, even killed outright (a test runner's SIGKILL): a daemonised Janus otherwise outlives it
# and holds its port for the next run.
watch_owner() {
  local owner=${PARLEY_JANUS_OWNER_PID:-} janus_pid
  [[ "$owner" =~ ^[0-9]+$ ]] || return 0
  janus_pid=$(cat "$DIR/janus.pid")
  setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null' \
    _ "$owner" "$janus_pid" </dev/null >/dev/null 2>&1 &
}

case "${1:-start}" in
  install)
    command -v janus >/dev/null && exit 0
    if [ "$(id -u)" != "0" ]; then echo "Janus is missing: run 'sudo apt-get install -y janus'." >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq janus >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq janus >/dev/null; }
    ;;
  start)
    check_existing
    if ! command -v janus >/dev/null; then echo "echo 'janus is not installed (apt-get install janus)' >&2"; exit 3; fi
    if [ -e "$DIR" ] && running; then print_env; exit 0; fi
    # A stale folder of ours (Janus gone) is replaced by a fresh one.
    if [ -e "$DIR" ]; then rm -rf "$DIR"; fi
    create_dir
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
  disable = "libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
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
  ws_ip = "$WS_IP"
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
    # [TP6] The AudioBridge mixes a call's phones (plain RTP from Parley, on this host) in phone mode.
    cat >"$DIR/conf/janus.plugin.audiobridge.jcfg" <<CFG
general: {
  admin_key = "$(cat "$DIR/admin_key")"
  string_ids = true
  local_ip = "${PARLEY_JANUS_AUDIOBRIDGE_IP:-127.0.0.1}"
  rtp_port_range = "$RTP"
}
CFG
    # Janus daemonises with umask 0: its log and pid file are made private before it opens them.
    : >"$DIR/janus.log" && : >"$DIR/janus.pid"
    janus -F "$DIR/conf" -b -p "$DIR/janus.pid" -L "$DIR/janus.log" >/dev/null 2>&1 || true
    chmod 0600 "$DIR/janus.log" "$DIR/janus.pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/$WS_IP/$PORT") 2>/dev/null; then watch_owner; print_env 1; exit 0; fi
      sleep 0.1
    done
    echo "echo 'janus did not start; see $DIR/janus.log' >&2"; exit 1
    ;;
  stop)
    [ -e "$DIR" ] || exit 0
    check_existing
    if running; then kill "$(cat "$DIR/janus.pid")" 2>/dev/null || true; fi
    rm -f "$DIR/janus.pid"
    ;;
  *) echo "usage: janus.sh install|start|stop" >&2; exit 2 ;;
esac
