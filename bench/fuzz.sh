#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]   (default: 60 seconds each, every target of fuzz/corpus/)
#
# Builds build-fuzz/ with clang (-DRAGBENCH_FUZZ=ON; tests and benchmarks off), then runs the
# targets one after another at nice 19, each for SECONDS, starting from a copy of its committed
# corpus (fuzz/corpus/<target>/) in build-fuzz/fuzz-work/<target>/corpus/ so new inputs do not
# touch the repository. A crash stops that target and is saved in build-fuzz/fuzz-work/<target>/
# crashes/ (replay it with build-fuzz/bin/fuzz_<target> FILE; once fixed, copy it into the
# committed corpus). Prints one line per target: executions, executions per second, crashes.
# Exits 1 when any target crashed. Environment: RAGBENCH_FUZZ_BUILD (build dir), RAGBENCH_JOBS,
# RAGBENCH_FUZZ_MAX_LEN (largest input, default 8192 bytes or the largest seed), RAGBENCH_BUILD_LOCK (a flock file
# that serializes builds on a shared machine; default /tmp/ragbench-build.lock when flock exists).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
build="${RAGBENCH_FUZZ_BUILD:-$root/build-fuzz}"
max_len="${RAGBENCH_FUZZ_MAX_LEN:-8192}"
jobs="${RAGBENCH_JOBS:-$(nproc)}"
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cd "$root/fuzz/corpus" && ls -d */ | tr -d /)
fi

flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DRAGBENCH_FUZZ=ON
       -DRAGBENCH_TESTS=OFF -DRAGBENCH_BENCH=OFF)
if command -v ccache >/dev/null; then flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
lock=()
if command -v flock >/dev/null; then lock=(flock "${RAGBENCH_BUILD_LOCK:-/tmp/ragbench-build.lock}"); fi
cmake -S "$root" -B "$build" "${flags[@]}" >/dev/null
"${lock[@]}" cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

printf '%-16s %8s %14s %10s %8s %8s\n' target seconds executions exec/s crashes corpus
failed=0
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  rm -rf "$work/crashes"  # this run's crashes only (fixed ones live on in fuzz/corpus/)
  mkdir -p "$work/corpus" "$work/crashes"
  cp -n "$root/fuzz/corpus/$t/"* "$work/corpus/" 2>/dev/null || true
  # Never below the largest seed, so a seed (a shipped histograms.json) is not cut.
  largest="$(find "$root/fuzz/corpus/$t" -type f -printf '%s\n' | sort -n | tail -1)"
  len=$(( largest > max_len ? largest : max_len ))
  status=0
  (cd "$work" && UBSAN_OPTIONS=print_stacktrace=1 nice -n 19 "$build/bin/fuzz_$t" -max_total_time="$seconds" \
     -max_len="$len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
     -artifact_prefix="$work/crashes/" "$work/corpus" </dev/null >"$work/log" 2>&1) || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo 0)"
  took="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$work/log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "$seconds")"
  crashes="$(find "$work/crashes" -type f | wc -l)"
  [[ $status -ne 0 && $crashes -eq 0 ]] && crashes="?"  # died without an artifact: see the log
  rate=$(( runs / (took > 0 ? took : 1) ))
  printf '%-16s %8s %14s %10s %8s %8s\n' "$t" "$took" "$runs" "$rate" "$crashes" "$(ls "$work/corpus" | wc -l)"
  if [[ $status -ne 0 ]]; then
    failed=1
    echo "  $t failed (exit $status): $work/log" >&2
    grep -m3 -E 'ERROR|runtime error|fuzz invariant|terminate called|SUMMARY' "$work/log" | sed 's/^/  /' >&2 || true
  fi
done
exit "$failed"
