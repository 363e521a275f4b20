#!/usr/bin/env bash
# Another tenant's p50 and p99 while one tenant stalls 16 uploads (issue 13's reproduction), against
# the packaged platform as ./warmstart run starts it on a new installation; counts every 5xx.
# Usage: infra/bench/stalled-uploads.sh [--runs 5] [--probes 300] [--stalled 16] [--home DIR] [--out bench-out/stalled-uploads]
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" StalledUploadBenchmark "$@"
