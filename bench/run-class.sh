#!/usr/bin/env bash
# Shared by the benchmarks: compiles core with its tests and runs one benchmark class of core's test
# sources on their classpath.   bench/run-class.sh CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp_file=core/target/bench.classpath
./mvnw -B -q -pl core test-compile dependency:build-classpath -Dstackdeploy.engineOnly \
  -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
exec java -cp "core/target/test-classes:core/target/classes:$(cat "$cp_file")" "$@"
