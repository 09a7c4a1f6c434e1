#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every test — types, lint, unit,
# integration (real servers on port 0) and end to end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# [S1]–[S6] Broadcast video and conferences run through Debian's Janus (installed when root and missing).
bash scripts/janus.sh install || echo "janus is missing: broadcast/conference media tests will fail" >&2
# [TP1] Telephone dial-in tests use Debian's baresip and sox (installed when root and missing).
bash scripts/ensure-phone.sh || echo "baresip/sox are missing: the telephone tests are skipped" >&2
# [PL36] e2e/cluster.spec.ts puts its three nodes behind Debian's HAProxy (installed when root and missing).
bash scripts/cluster.sh install || echo "haproxy is missing: the cluster e2e test is skipped" >&2
# [NW1] The network lab (e2e/network) needs root, coturn and iptables; without them it is skipped, saying why.
bash scripts/netlab/install.sh || true
echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== PostgreSQL for the storage contract"; eval "$(bash scripts/postgres.sh start)"
echo "== Redis for the cluster tests"; eval "$(bash scripts/redis.sh start)"
export PARLEY_JANUS_WS_PORT=${PARLEY_JANUS_WS_PORT:-$(( ${E2E_PORT:-8765} + 1000 ))}
trap 'bash scripts/postgres.sh stop; bash scripts/redis.sh stop; bash scripts/janus.sh stop' EXIT
echo "== unit and integration"; npx vitest run
echo "== build front-ends"; npm run --silent build
echo "== end to end"; npx playwright test
