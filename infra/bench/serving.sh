#!/usr/bin/env bash
# Serving benchmark: wrk against the recommendation API for tenants of 10,000 and 100,000 items.
# Usage: infra/bench/serving.sh [--users 100000] [--events 1000000] [--connections 16] [--threads 2] [--seconds 20] [--runs 3] [--out bench-out/serving]
# Needs wrk (Debian: apt-get install wrk).
# Uses an embedded PostgreSQL 17 unless WARMSTART_DB_URL (+ _USER, _PASSWORD) names a server.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl platform-api -am -DskipTests package test-compile
./mvnw -B -q -pl platform-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="platform-api/target/test-classes:platform-api/target/classes:$(cat platform-api/target/bench-classpath.txt)"
exec java -Xmx6g -cp "$classpath" io.warmstart.platform.bench.ServingBenchmark "$@"
