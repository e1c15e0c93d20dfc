#!/usr/bin/env bash
# Configures and builds ragbench. Usage: ci/build.sh [release|asan|tsan]   (default: release)
#   release -> build/        RelWithDebInfo, warnings as errors
#   asan    -> build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan    -> build-tsan/   ThreadSanitizer; only the test binaries of the concurrent parts (tsan_targets
#                            below: the load generator's engine and statistics, the server's caches, pools,
#                            index, HTTP server, pipeline, stores, metrics and rate limiters)
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-release}"
tsan_targets=(unit_loadgen_engine unit_loadgen_stats unit_cache unit_pool unit_index unit_http unit_pipeline
              unit_store unit_metrics unit_ratelimit)
targets=()
case "$variant" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DRAGBENCH_SANITIZE=ON -DRAGBENCH_BENCH=OFF) ;;
  tsan)    dir=build-tsan; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRAGBENCH_TSAN=ON -DRAGBENCH_BENCH=OFF)
           for t in "${tsan_targets[@]}"; do targets+=(--target "$t"); done ;;
  *) echo "usage: ci/build.sh [release|asan|tsan]" >&2; exit 2 ;;
esac
jobs="${RAGBENCH_JOBS:-$(nproc)}"
# ccache (installed by ci/setup.sh) makes rebuilds after a clean clone or a branch switch cheap.
if command -v ccache >/dev/null; then flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs" "${targets[@]}"
echo "build: $dir/bin/ ready"
