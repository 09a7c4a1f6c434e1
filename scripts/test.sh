#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every test — types, lint, unit,
# integration (real servers on port 0) and end to end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== PostgreSQL for the storage contract"; eval "$(bash scripts/postgres.sh start)"
trap 'bash scripts/postgres.sh stop' EXIT
echo "== unit and integration"; npx vitest run
echo "== build front-ends"; npm run --silent build
echo "== end to end"; npx playwright test
