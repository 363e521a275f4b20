#!/usr/bin/env bash
# One big tenant on one machine at the platform's default heap: bulk import of the catalogue and the
# events, serving snapshot, adaptation, item index, serving latency; time and peak memory per phase.
# Usage: infra/bench/big-tenant.sh [--events 5000000] [--items 1000000] [--users 500000] [--heap 2g] [--out bench-out/big-tenant]
# Uses an embedded PostgreSQL 17 unless WARMSTART_DB_URL (+ _USER, _PASSWORD) names a server.
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" BigTenantBenchmark "$@"
