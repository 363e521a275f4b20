#!/usr/bin/env bash
# Ingestion benchmark: REST batches vs bulk import vs raw COPY, same rows, same PostgreSQL.
# Usage: infra/bench/ingestion.sh [--events 1000000] [--runs 3] [--batch 1000] [--connections 4] [--out bench-out/ingestion]
# Uses an embedded PostgreSQL 17 unless WARMSTART_DB_URL (+ _USER, _PASSWORD) names a server.
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" IngestionBenchmark "$@"
