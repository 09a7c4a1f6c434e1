#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (never a downloaded browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (end-to-end tests need /usr/bin/chromium)." >&2
  exit 1
fi
echo "Installing Chromium from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
