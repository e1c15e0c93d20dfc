#!/usr/bin/env bash
# Installs every Debian package ragbench needs to build, test, benchmark and run its demo.
# This file is the one place the dependency list lives. Idempotent: when everything is
# present it only checks and returns within a second or two.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git curl ccache
  # libraries the programs link against
  libboost-dev libboost-system-dev libboost-program-options-dev
  libnghttp2-dev libssl-dev zlib1g-dev libsqlite3-dev
  libpq-dev libhiredis-dev libhnswlib-dev
  nlohmann-json3-dev libyaml-cpp-dev
  # tests and benchmarks
  catch2 libbenchmark-dev
  # real services and peer tools used by integration tests, benchmarks and the demo
  redis-server postgresql nginx-light wrk nghttp2-client python3-locust prometheus
  # the sample corpus source (PostgreSQL's HTML manual)
  postgresql-doc-15
  # helpers used by the scripts
  python3 procps util-linux
  # self-signed certificates for the TLS tests and benchmarks
  openssl ca-certificates
  # command-line parsing (CLI11), password hashing (libsodium's Argon2id), the HTML reports' charts
  libcli11-dev libsodium-dev libjs-chart.js
  # fuzzing and sanitizers with clang (libFuzzer's runtime is in libclang-rt)
  clang libclang-rt-14-dev
  # real clients in tests: the browser (headless), node + npm for the openai client and validators
  chromium nodejs
  # a second load balancer, and a one-node Slurm cluster for the distributed runs
  haproxy slurm-wlm munge
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# kubectl (manifest checks; no cluster runs here): Debian's kubernetes-client unless a kubectl from
# another package is already installed (the two packages conflict over /usr/bin/kubectl).
command -v kubectl >/dev/null || missing+=(kubernetes-client)

# The test clients from the npm registry (tests/node/package.json, versions pinned by its lock
# file), and swagger-ui-dist, the static files ragserver serves at /docs (its analytics install
# hook is switched off by package.json's scarfSettings): installed with `npm ci` when the lock file
# is newer than the last install.
npm_clients() {
  local dir=tests/node stamp=tests/node/node_modules/.ragbench-installed
  [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" ]] && return 0
  echo "setup: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$stamp"
}
cd "$(dirname "$0")/.."

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} packages present"
  npm_clients
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Services are started by the test scripts themselves; keep Debian from starting them on install.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_clients
echo "setup: done"
