#!/usr/bin/env bash
# Benchmark: validate-env on a 500-key environment against a 20-file compose project.
# Target: under 1 s end to end through bin/stackdeploy (JVM start included). For scale, the same run times the raw
# command that interpolates the same files, `docker compose config -q`, and prints the ratio.
#
#   bench/validate-env.sh [RUNS]      (default 5; builds cli/target/stackdeploy.jar when missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
jar=cli/target/stackdeploy.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests -Dstackdeploy.engineOnly
work=$(mktemp -d)
if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: files kept in $work"; else trap 'rm -rf "$work"' EXIT; fi

# 500 keys: 60 secrets (strong random passwords), 40 URLs, 40 ints, 360 plain values.
{
  for i in $(seq 1 60); do echo "SERVICE_${i}_PASSWORD="; done
  for i in $(seq 1 40); do echo "ENDPOINT_${i}_URL=https://svc${i}.example.com"; done
  for i in $(seq 1 40); do echo "POOL_${i}_SIZE=8"; done
  for i in $(seq 1 360); do echo "SETTING_${i}=value-${i}"; done
} >"$work/.env.example"
{
  for i in $(seq 1 60); do echo "SERVICE_${i}_PASSWORD='$(head -c 18 /dev/urandom | base64 | tr -d '\n')'"; done
  for i in $(seq 1 40); do echo "ENDPOINT_${i}_URL=https://svc${i}.internal.example.com"; done
  for i in $(seq 1 40); do echo "POOL_${i}_SIZE=$((i % 30 + 1))"; done
  for i in $(seq 1 360); do echo "SETTING_${i}=production-${i}"; done
} >"$work/.env"

# 20 compose files, 5 services each, every service using 5 variables (500 uses in all).
files=()
for f in $(seq 1 20); do
  file="$work/compose-$f.yml"
  {
    echo "services:"
    for s in $(seq 1 5); do
      n=$(((f - 1) * 5 + s))
      echo "  svc$n:"
      echo "    image: registry.example.com/acme/svc$n:\${TAG:-latest}"
      echo "    environment:"
      echo "      PASSWORD: \${SERVICE_$(((n - 1) % 60 + 1))_PASSWORD:?set it}"
      echo "      ENDPOINT: \${ENDPOINT_$(((n - 1) % 40 + 1))_URL}"
      echo "      POOL: \${POOL_$(((n - 1) % 40 + 1))_SIZE:-4}"
      echo "      SETTING: \${SETTING_$n}"
    done
  } >"$file"
  files+=("compose-$f.yml")
done
{
  echo "stack: bench"
  echo "compose:"
  echo "  files: [$(IFS=,; echo "${files[*]}")]"
  echo "env:"
  echo "  template: .env.example"
  echo "  file: .env"
  echo "  rules:"
  for i in $(seq 1 40); do echo "    ENDPOINT_${i}_URL: { format: url }"; done
  for i in $(seq 1 40); do echo "    POOL_${i}_SIZE: { format: int, min: 1, max: 64 }"; done
} >"$work/stackdeploy.yml"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bin/stackdeploy validate-env --config "$work/stackdeploy.yml" >"$work/out.txt" || {
  cat "$work/out.txt"; echo "bench: validate-env found problems in the generated environment" >&2; exit 1; }
tail -n 1 "$work/out.txt"

ours=()
for _ in $(seq 1 "$runs"); do
  t=$(date +%s%N); bin/stackdeploy validate-env --config "$work/stackdeploy.yml" >/dev/null; ours+=("$(ms "$t")")
done
ours_median=$(printf '%s\n' "${ours[@]}" | median)

compose_args=()
for f in "${files[@]}"; do compose_args+=(-f "$work/$f"); done
raw_median=n/a
if docker compose version >/dev/null 2>&1; then
  raw=()
  for _ in $(seq 1 "$runs"); do
    t=$(date +%s%N); docker compose --env-file "$work/.env" "${compose_args[@]}" config -q; raw+=("$(ms "$t")")
  done
  raw_median=$(printf '%s\n' "${raw[@]}" | median)
fi

echo "validate-env, 500 keys x 20 compose files (500 uses), median of $runs runs:"
echo "  stackdeploy validate-env (JVM start included): ${ours_median} ms   [runs: ${ours[*]}]"
echo "  docker compose config -q (interpolation only): ${raw_median} ms"
if [ "$raw_median" != n/a ]; then
  awk -v a="$ours_median" -v b="$raw_median" 'BEGIN { printf "  ratio stackdeploy / compose: %.2f\n", a / b }'
fi
if [ "$ours_median" -lt 1000 ]; then echo "  target < 1000 ms: met"; else echo "  target < 1000 ms: MISSED"; exit 1; fi
