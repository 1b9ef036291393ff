#!/usr/bin/env bash
# The whole pipeline on the bundled example stack (resources/), on this machine, with no external
# account: a local registry and a loopback sshd as the "production host" (strict host key), then
#   validate-env → build → push → deploy → smoke → backup
# then a deliberately broken release, rolled back automatically while the first keeps serving, the
# release history and the backup sets. As root, on Debian bookworm (it runs scripts/test-infra.sh
# when Docker or the test images are missing).
#
#   scripts/demo.sh [--keep]     --keep: leave the stack, sshd, registry and files running/in place
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
keep=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

stack=shop
work=$(mktemp -d /tmp/stackdeploy-demo.XXXXXX)
app=$work/app                 # the app repository: resources/ plus its production env and SSH files
remote=$work/host             # the production host's stack directory
out=$root/target/demo         # what outlives the demo: the JUnit reports, the log, the backup set
reports=$out/reports
log=$out/demo.log
rm -rf "$out"
mkdir -p "$reports"
pids=()
steps=()
failed=false

say() { printf '%s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

cleanup() {
  local code=$?
  if [ "$keep" = true ]; then
    say ""
    say "Kept (--keep): the stack (docker compose -p $stack), sshd and registry (pids ${pids[*]:-none}),"
    say "and $work. Stop them with: docker compose -p $stack down -v; kill ${pids[*]:-}"
    exit "$code"
  fi
  docker compose --project-name "$stack" down --volumes --timeout 2 >/dev/null 2>&1 || true
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "demo: no free port on 127.0.0.1" >&2
  exit 1
}

wait_port() { # name port pid
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return; fi
    kill -0 "$3" 2>/dev/null || { echo "demo: $1 exited; see $work" >&2; exit 1; }
    sleep 0.1
  done
  echo "demo: $1 did not listen on 127.0.0.1:$2" >&2
  exit 1
}

# step NAME EXPECTED_EXIT COMMAND...: runs a stackdeploy command, its output indented into the log
# and the terminal's last lines, and records the milestone with its duration.
step() {
  local name=$1 expected=$2
  shift 2
  local started=$SECONDS code=0
  say ""
  say "==> $name"
  (cd "$app" && "$@") >"$work/step.out" 2>&1 || code=$?
  sed 's/^/    /' "$work/step.out" | tee -a "$log" | tail -n 12
  local took=$((SECONDS - started))
  local outcome="exit $code"
  if [ "$code" -ne "$expected" ]; then
    outcome="$outcome, expected $expected: FAILED"
    failed=true
  fi
  steps+=("$(printf '%-40s %-26s %4ss' "$name" "$outcome" "$took")")
  say "    ($outcome, ${took}s)"
  if [ "$failed" = true ]; then
    summary
    exit 1
  fi
}

summary() {
  say ""
  say "Summary"
  printf '  %-40s %-26s %5s\n' "step" "outcome" "time"
  for line in "${steps[@]}"; do say "  $line"; done
  say ""
  say "JUnit reports: $reports/ (validate-env.xml, deploy-smoke.xml, smoke.xml)"
  say "Backup set:    $out/backups/"
  say "Full output:   $log"
}

say "stack-deploy demo: the example stack (resources/) through the whole pipeline"
started_all=$SECONDS

# --- the machine: Docker, Compose, the test images, the CLI ---------------------------------------
if ! docker info >/dev/null 2>&1 || ! docker image inspect stackdeploy-test/debian:bookworm-1 stackdeploy-test/busybox:1 >/dev/null 2>&1; then
  say "==> Installing and starting the infrastructure (scripts/test-infra.sh)"
  bash scripts/test-infra.sh | sed 's/^/    /'
fi
if ! command -v javac >/dev/null; then
  echo "demo: a JDK 17 is needed (apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi
say "==> Building the command line (cli/target/stackdeploy.jar)"
t=$SECONDS
./mvnw -B -q package -DskipTests -Dstackdeploy.engineOnly >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
steps+=("$(printf '%-40s %-26s %4ss' "build the CLI" "ok" "$((SECONDS - t))")")
sd() { "$root/bin/stackdeploy" "$@"; }

# --- a local registry and a loopback "production host" -------------------------------------------
mkdir -p "$app" "$remote" "$work/registry" "$work/sshd"
cp -r resources/. "$app/"
registry_port=$(free_port)
cat >"$work/registry/config.yml" <<EOF
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $work/registry/storage } }
http: { addr: 127.0.0.1:$registry_port }
EOF
/usr/bin/docker-registry serve "$work/registry/config.yml" >"$work/registry/registry.log" 2>&1 &
pids+=($!)
wait_port registry "$registry_port" "$!"

ssh_port=$(free_port)
mkdir -p "$app/deploy" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/sshd/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$app/deploy/id_ed25519" -C stackdeploy-demo
cp "$app/deploy/id_ed25519.pub" "$work/sshd/authorized_keys"
cat >"$work/sshd/sshd_config" <<EOF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $work/sshd/host_ed25519
AuthorizedKeysFile $work/sshd/authorized_keys
PidFile $work/sshd/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
MaxSessions 64
EOF
/usr/sbin/sshd -D -f "$work/sshd/sshd_config" -E "$work/sshd/sshd.log" &
pids+=($!)
wait_port sshd "$ssh_port" "$!"
echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$work/sshd/host_ed25519.pub")" >"$app/deploy/known_hosts"
say "==> Registry on 127.0.0.1:$registry_port; production host: sshd on 127.0.0.1:$ssh_port (host key pinned in deploy/known_hosts)"

http_port=$(free_port)
sed -i \
  -e "s|^\(  registry: \).*|\1127.0.0.1:$registry_port/acme|" \
  -e "s|^\(    hosts: \).*|\1[\"127.0.0.1:$ssh_port\"]|" \
  -e "s|^\(    user: \).*|\1$(id -un)|" \
  -e "s|^\(    dir: \).*|\1$remote|" \
  -e "s|^\(  baseUrl: \).*|\1http://127.0.0.1:$http_port|" \
  "$app/stackdeploy.yml"
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }
production_env() { # RELEASE_NAME API_BROKEN
  sed -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$pg_password|" \
    -e "s|^REDIS_PASSWORD=.*|REDIS_PASSWORD=$redis_password|" \
    -e "s|^HTTP_PORT=.*|HTTP_PORT=$http_port|" \
    -e "s|^RELEASE_NAME=.*|RELEASE_NAME=$1|" \
    -e "s|^API_BROKEN=.*|API_BROKEN=$2|" \
    "$app/.env.production.example" >"$app/.env.production"
  chmod 600 "$app/.env.production"
}
pg_password=$(secret)
redis_password=$(secret)
production_env demo-1 false

# --- the pipeline --------------------------------------------------------------------------------
export GIT_COMMIT=demo-1
step "validate-env" 0 sd validate-env --junit "$reports/validate-env.xml"
step "build (web, api)" 0 sd build
step "push (digests recorded)" 0 sd push
step "deploy release 1 (health + smoke gate)" 0 sd deploy --release demo-1 --junit "$reports/deploy-smoke.xml"
step "smoke" 0 sd smoke --junit "$reports/smoke.xml"

# Production data the backup must keep: rows, Redis keys, an uploaded file.
docker compose --project-name "$stack" exec -T postgres psql -q -U shop -d shop \
  -c "insert into visits (path) select '/product/' || i from generate_series(1, 900) i" >>"$log" 2>&1
docker compose --project-name "$stack" exec -T redis sh -c \
  'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli MSET cart:1 "2 apples" cart:2 "1 pear" >/dev/null' >>"$log" 2>&1
docker compose --project-name "$stack" exec -T api sh -c 'echo "PNG…" > /srv/uploads/avatar-1.png' >>"$log" 2>&1
step "backup (verified, downloaded)" 0 sd backup --download "$out/backups"

production_env demo-2 true
step "deploy release 2 (broken: rolled back)" 3 sd deploy --release demo-2
production_env demo-1 false
step "smoke (release 1 still serving)" 0 sd smoke
serving=$(exec 3<>"/dev/tcp/127.0.0.1/$http_port" && printf 'GET /api/health HTTP/1.0\r\nHost: demo\r\n\r\n' >&3 && tail -n 1 <&3)
note "GET /api/health → $serving"
if [[ "$serving" != *'"release":"demo-1"'* ]]; then
  steps+=("$(printf '%-40s %-26s %4ss' "release 1 answers /api/health" "FAILED" 0)")
  summary
  exit 1
fi
steps+=("$(printf '%-40s %-26s %4ss' "release 1 answers /api/health" "ok" 0)")
step "releases" 0 sd releases
step "backups" 0 sd backups

summary
say ""
say "Demo passed in $((SECONDS - started_all))s."
