#!/usr/bin/env bash
# Item index search, in one process: the HNSW graph searched through an in-memory Lucene index
# (the code before 2026-12-06) against the packed on-heap graph the platform serves from now.
# Usage: infra/bench/index-search.sh [--items 100000] [--candidates 200] [--rounds 7]
# Reports median microseconds per search of each (rounds alternate), their ratio, and each one's
# recall@10 against exact scoring. Needs no database and no Keycloak.
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" io.warmstart.platform.recommend.ItemIndexSearchBenchmark "$@"
