#!/usr/bin/env bash
# Benchmark: smokeTest runs its checks at once. 50 checks against a local server (a JDK HttpServer on
# 127.0.0.1) whose answers take 100 ms to 590 ms: the whole run vs the slowest check (target ≤ 1.50×),
# with the sum of all checks' latencies beside it (SmokeBenchmark in core's test sources).
#
#   bench/smoke.sh [RUNS]      (default 5)
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-class.sh" io.jenkins.plugins.stackdeploy.smoke.SmokeBenchmark "${1:-5}"
