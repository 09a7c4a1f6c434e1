#!/usr/bin/env bash
# [NW1] Installs what the network lab needs from Debian's packages (coturn, iptables, iproute2)
# when root and missing. Without them the lab's tests are skipped and say why.
set -euo pipefail
missing=()
command -v turnserver >/dev/null || missing+=(coturn)
command -v iptables >/dev/null || missing+=(iptables)
command -v tc >/dev/null || missing+=(iproute2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "network lab: missing ${missing[*]} (sudo apt-get install -y ${missing[*]}); its tests will be skipped." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
