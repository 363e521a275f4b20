#!/usr/bin/env bash
# Builds the platform and runs one benchmark main class from its test sources.
# Usage: infra/bench/run-benchmark.sh CLASS [ARGS...]  (called by ingestion.sh, serving.sh and the others)
# CLASS is a simple name in io.warmstart.platform.bench, or a fully qualified one.
set -euo pipefail
cd "$(dirname "$0")/../.."
main_class=$1
shift
# One Maven session, so the reactor resolves the trainer and SDK modules from this build (a fresh
# clone has neither in ~/.m2).
./mvnw -B -q -pl platform-api -am -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="platform-api/target/test-classes:platform-api/target/classes:$(cat platform-api/target/bench-classpath.txt)"
case $main_class in *.*) ;; *) main_class="io.warmstart.platform.bench.$main_class" ;; esac
exec java -Xmx6g -cp "$classpath" "$main_class" "$@"
