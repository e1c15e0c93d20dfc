#!/usr/bin/env bash
# Configures and builds ragbench. Usage: ci/build.sh [release|asan]   (default: release)
#   release -> build/        RelWithDebInfo, warnings as errors
#   asan    -> build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-release}"
case "$variant" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DRAGBENCH_SANITIZE=ON -DRAGBENCH_BENCH=OFF) ;;
  *) echo "usage: ci/build.sh [release|asan]" >&2; exit 2 ;;
esac
jobs="${RAGBENCH_JOBS:-$(nproc)}"
# ccache (installed by ci/setup.sh) makes rebuilds after a clean clone or a branch switch cheap.
if command -v ccache >/dev/null; then flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
echo "build: $dir/bin/ ready"
