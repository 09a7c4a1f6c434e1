#!/usr/bin/env bash
# [TP1] The telephone tests dial in with Debian's baresip (a real SIP phone) and measure its
# recordings with sox; scripts/prompts.sh needs espeak-ng and opusenc. Installed when root and missing;
# without them the telephone tests are skipped, saying why.
set -euo pipefail
missing=()
for tool in baresip:baresip sox:sox espeak-ng:espeak-ng opusenc:opus-tools; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing for the telephone tests: ${missing[*]} (run 'sudo apt-get install -y ${missing[*]}')." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
