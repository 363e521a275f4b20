#!/usr/bin/env bash
# Time to first personalised model for new tenants (see docs/benchmarks.md).
# Usage: infra/bench/onboarding.sh [--data ../shared/data/ml-latest-small-genres] [--new-tenants 3] [--events 5000]
#                                  [--meta-seconds 60] [--out bench-out/onboarding]
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" OnboardingBenchmark "$@"
