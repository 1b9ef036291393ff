#!/usr/bin/env bash
# Benchmark: composeDeploy over real sshd onto the real Docker Engine, against the raw commands of a deploy script,
# in one run (DeployBenchmark in core's test sources, on the tests' own sshd hosts and stack):
#   - deploy of a new release to 1 host vs `ssh host 'cd dir && docker compose pull && docker compose up -d'`
#     plus the same health wait                                                   target ≤ 1.10×
#   - rollback latency, failed gate → previous release healthy, vs a raw `up -d` of the previous release plus the
#     same health wait                                                            target ≤ 1.20×
#   - a deploy to 3 hosts in parallel vs to 1 host                                target ≤ 1.30×
# Needs what the tests need (root, sshd, a running Docker Engine): run scripts/test-infra.sh first on a fresh machine.
#
#   bench/deploy.sh [RUNS]      (default 5)
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-class.sh" io.jenkins.plugins.stackdeploy.deploy.DeployBenchmark "${1:-5}"
