#!/usr/bin/env bash
# Installs everything the build, the tests and the benchmarks need:
# Debian packages (only those missing) and the Node packages of tests/e2e and
# bench/casbin.
# Idempotent, and silent when everything is already there.
#
# Usage: bash scripts/install-deps.sh   (from any directory)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PACKAGES=(
  # toolchain
  build-essential g++ cmake make pkg-config ccache git clang-format
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libsodium-dev libssl-dev libre2-dev
  libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev tzdata
  # tests and microbenchmarks
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # Atlas Digest tests: an independent client besides curl
  python3 python3-requests
  # load benchmarks: wrk as the load generator, nginx as the peer, ss to find free ports
  curl wrk nginx-light procps iproute2
)

log() { printf 'install-deps: %s\n' "$*" >&2; }

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root (or sudo) to run: $*"
    exit 1
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

# Node.js >= 18 runs the e2e tests. A node that is already there (from Debian
# or elsewhere) is kept; Debian's nodejs and npm are installed only when node
# is missing or too old, and npm alone when only npm is missing.
node_major() {
  node -e 'process.stdout.write(String(process.versions.node.split(".")[0]))' 2>/dev/null || echo 0
}
if ! command -v node >/dev/null 2>&1 || [[ "$(node_major)" -lt 18 ]]; then
  PACKAGES+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  log "done"
fi

# Node packages of the e2e tests: reinstalled when node_modules is missing or
# older than package-lock.json (npm writes node_modules/.package-lock.json on
# every install, so its time stamp tells when node_modules was last synced).
# The same for the engine benchmark's peer, node-casbin, in bench/casbin.
for dir in tests/e2e bench/casbin; do
  pkg="$ROOT/$dir"
  [[ -f "$pkg/package-lock.json" ]] || continue
  stamp="$pkg/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$pkg/package-lock.json" -nt "$stamp" ]]; then
    log "npm ci in $dir"
    (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$stamp"
  fi
done
