#!/usr/bin/env bash
# Serving benchmark: wrk against the recommendation API for tenants of 10,000 and 100,000 items.
# Usage: infra/bench/serving.sh [--users 100000] [--events 1000000] [--connections 16] [--threads 2] [--seconds 20] [--runs 3] [--warmup 5]
#        [--phases "defaults,no item index,no token cache"] [--out bench-out/serving]
# Each phase is a platform process with one setting changed (see ServingBenchmark.PHASES); the report
# gives every phase its own reference and the recall@10 of the item index against exact scoring.
# Needs wrk (Debian: apt-get install wrk). To profile the platform, pass JVM options to it alone, e.g.
# BENCH_PLATFORM_JAVA_OPTS="-XX:StartFlightRecording=filename=platform.jfr,settings=profile".
# Each case reports p50, p99, requests/s, the ratio to the health endpoint and the platform's CPU µs per request.
# Uses an embedded PostgreSQL 17 unless WARMSTART_DB_URL (+ _USER, _PASSWORD) names a server.
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" ServingBenchmark "$@"
