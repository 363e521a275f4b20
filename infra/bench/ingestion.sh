#!/usr/bin/env bash
# Ingestion benchmark: REST batches vs bulk import vs raw COPY, same rows, same PostgreSQL.
# Usage: infra/bench/ingestion.sh [--events 1000000] [--runs 3] [--batch 1000] [--connections 4] [--out bench-out/ingestion]
# Uses an embedded PostgreSQL 17 unless WARMSTART_DB_URL (+ _USER, _PASSWORD) names a server.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl platform-api -am -DskipTests package test-compile
./mvnw -B -q -pl platform-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="platform-api/target/test-classes:platform-api/target/classes:$(cat platform-api/target/bench-classpath.txt)"
exec java -Xmx6g -cp "$classpath" io.warmstart.platform.bench.IngestionBenchmark "$@"
