#!/usr/bin/env bash
# Impressions that team-draft interleaving and an A/B split need to detect the same ranker
# improvement on the documented click model (docs/experiments.md), with the platform's own tests.
# Usage: infra/bench/experiments.sh [--lift 0.05] [--pilot-impressions 5000] [--pilot-replicates 100] [--replicates 200] [--seed 1]
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" ExperimentSimulation "$@"
