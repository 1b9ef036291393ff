#!/usr/bin/env bash
# Benchmark: backupStack of a PostgreSQL database of at least 1 GiB, over real sshd, against the raw
# `pg_dump -Fc | gzip > file` on the host (target ≥ 0.90× its throughput), and the JVM's peak heap
# while the set streams through it with --download (target ≤ 64 MiB above its idle baseline)
# (BackupBenchmark in core's test sources). Needs about 4 GiB of free disk.
#
#   bench/backup.sh [ROWS]     (default 5600000 rows, about 1.2 GiB)
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-class.sh" -Xmx512m \
  io.jenkins.plugins.stackdeploy.backup.BackupBenchmark "${1:-5600000}"
