#!/usr/bin/env bash
# Installs and starts the real parts the tests and the demo use, on Debian bookworm, as root.
# Idempotent: what is installed, running or built already is reused.
#
#   scripts/test-infra.sh            install packages, start dockerd, build the test images
#
# Environment:
#   STACKDEPLOY_DOCKERD_LOG   where dockerd writes its log (default /var/log/stackdeploy-dockerd.log)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/test-images.env
source "$here/test-images.env"

DOCKERD_PIDFILE=/var/run/stackdeploy-dockerd.pid
DOCKERD_LOG=${STACKDEPLOY_DOCKERD_LOG:-/var/log/stackdeploy-dockerd.log}

BOOKWORM_PACKAGES=(
  docker.io docker-registry openssh-server busybox-static debootstrap
  postgresql-client redis-tools apache2-utils curl ca-certificates
)
TRIXIE_PACKAGES=(docker-compose docker-buildx)

started_all=$SECONDS
step_started=0
step() { step_started=$SECONDS; printf '==> %s\n' "$*"; }
done_step() { printf '    %s (%ds)\n' "$*" $((SECONDS - step_started)); }
die() { printf 'test-infra: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts dockerd)."
command -v apt-get >/dev/null || die "needs a Debian system with apt-get."

# The Debian mirror this machine already uses for bookworm (deb822 or one-line format).
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "cannot find the bookworm mirror in /etc/apt/sources.list(.d)."
  printf '%s' "$uri"
}

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

compose_is_v2() {
  docker compose version --short 2>/dev/null | grep -qE '^v?2\.'
}

# --- packages ---------------------------------------------------------------------------------
step "Debian packages"
trixie_list=/etc/apt/sources.list.d/stackdeploy-trixie.sources
trixie_pin=/etc/apt/preferences.d/stackdeploy-trixie
if [ ! -f "$trixie_list" ]; then
  # Only Compose v2 and buildx come from trixie; everything else stays on bookworm (priority 1
  # means "never unless asked by name", 600 beats bookworm's docker-compose v1).
  cat >"$trixie_list" <<EOF
Types: deb
URIs: $(debian_mirror)
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$trixie_pin" <<'EOF'
Package: *
Pin: release n=trixie
Pin-Priority: 1

Package: docker-compose docker-buildx
Pin: release n=trixie
Pin-Priority: 600
EOF
fi
need=$(missing_packages "${BOOKWORM_PACKAGES[@]}" "${TRIXIE_PACKAGES[@]}")
if [ -n "$need" ] || ! compose_is_v2; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends "${BOOKWORM_PACKAGES[@]}" >/dev/null
  apt-get install -y -qq --no-install-recommends "${TRIXIE_PACKAGES[@]}" >/dev/null
  done_step "installed: ${need:-docker-compose v2}"
else
  done_step "all present"
fi
compose_is_v2 || die "docker compose v2 is not available after install (see apt-cache policy docker-compose)."

# --- dockerd ----------------------------------------------------------------------------------
step "Docker Engine"
if docker info >/dev/null 2>&1; then
  done_step "already running ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
else
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  # setsid: dockerd outlives this script and the CI step that started it.
  setsid /usr/sbin/dockerd --pidfile "$DOCKERD_PIDFILE" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || {
    tail -n 20 "$DOCKERD_LOG" >&2
    die "dockerd did not answer within 60 s; its log is $DOCKERD_LOG."
  }
  done_step "started dockerd $(docker version -f '{{.Server.Version}}') (pid $(cat "$DOCKERD_PIDFILE"), log $DOCKERD_LOG)"
fi
printf '    docker compose %s, buildx %s\n' "$(docker compose version --short)" \
  "$(docker buildx version 2>/dev/null | awk '{print $2}')"

# --- test images ------------------------------------------------------------------------------
image_present() { docker image inspect "$1" >/dev/null 2>&1; }

step "Image $BUSYBOX_IMAGE"
if image_present "$BUSYBOX_IMAGE"; then
  done_step "present"
else
  ctx=$(mktemp -d)
  cp /bin/busybox "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/var/www", "/etc"]
ENV PATH=/bin
CMD ["sh"]
EOF
  DOCKER_BUILDKIT=1 docker build -q -t "$BUSYBOX_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  done_step "built ($(docker image inspect -f '{{.Size}}' "$BUSYBOX_IMAGE") bytes)"
fi

step "Image $DEBIAN_IMAGE"
if image_present "$DEBIAN_IMAGE"; then
  done_step "present"
else
  if ! image_present "$DEBIAN_BASE_IMAGE"; then
    root=$(mktemp -d /var/tmp/stackdeploy-debootstrap.XXXXXX)
    trap 'rm -rf "$root"' EXIT
    debootstrap --variant=minbase --include="$DEBIAN_PACKAGES" bookworm "$root" \
      "$(debian_mirror)" >"$root.log" 2>&1 || {
      tail -n 20 "$root.log" >&2
      die "debootstrap failed; its log is $root.log."
    }
    rm -f "$root.log"
    # Smaller image: apt lists and caches are not needed inside.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import \
      -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'CMD ["bash"]' - "$DEBIAN_BASE_IMAGE" >/dev/null
    rm -rf "$root"
    trap - EXIT
  fi
  DOCKER_BUILDKIT=1 docker build -q -t "$DEBIAN_IMAGE" \
    --build-arg BASE="$DEBIAN_BASE_IMAGE" "$here/test-images/debian" >/dev/null
  done_step "built ($(( $(docker image inspect -f '{{.Size}}' "$DEBIAN_IMAGE") / 1048576 )) MiB)"
fi

printf '==> test infrastructure ready in %ds\n' $((SECONDS - started_all))
