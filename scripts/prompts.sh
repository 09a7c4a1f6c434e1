#!/usr/bin/env bash
# [TP3] Regenerates the dial-in prompts ("enter your PIN followed by hash") shipped in
# packages/server/prompts: <locale>.ul, 8 kHz mono G.711 μ-law, and ([TP2]) <locale>.opus, Ogg Opus
# in 20 ms mono frames for phones that offer only Opus; spoken by Debian's espeak-ng, resampled by
# sox and encoded by opusenc (apt-get install espeak-ng sox opus-tools). Run it after changing a
# text below.
set -euo pipefail
OUT=$(dirname "$0")/../packages/server/prompts
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
say() { # locale voice text
  espeak-ng -v "$2" -s 150 -w "$TMP/$1.wav" "$3"
  sox "$TMP/$1.wav" -r 8000 -c 1 -t ul "$OUT/$1.ul"
  opusenc --quiet --framesize 20 --bitrate 24 --hard-cbr --downmix-mono "$TMP/$1.wav" "$OUT/$1.opus"
}
say en en-us 'Please enter your PIN, followed by the hash key.'
say pl pl 'Wprowadź swój PIN i naciśnij krzyżyk.'
say nl nl 'Voer uw pincode in, gevolgd door het hekje.'
say pt pt 'Introduza o seu PIN, seguido da tecla cardinal.'
