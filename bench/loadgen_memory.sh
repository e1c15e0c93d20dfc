#!/usr/bin/env bash
# loadgen's resident memory over a long open-model run (default 10 minutes at 2000 requests/s against
# nginx serving a 21-byte file): RSS sampled every 10 s; prints the samples, then first, last and
# peak. Flat means the per-second time series and histograms do not grow with the run's length.
# Usage: bench/loadgen_memory.sh [DURATION] [RATE]   (defaults 10m 2000/s)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
duration="${1:-10m}"; rate="${2:-2000/s}"
port=$(free_port)
start_nginx "$port" 0
taskset -c 1 "$BIN/loadgen" run "$ROOT/bench/lib/static_open.yaml" --target "http://127.0.0.1:$port" --threads 1 \
  --quiet --set "load.duration=$duration" --set "load.arrival_rate=$rate" --out "$BENCH_TMP/run" \
  > "$BENCH_TMP/loadgen.out" 2>&1 &
pid=$!
samples=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [[ -n "$rss" ]] && samples+=("$rss") && echo "t=$(( (${#samples[@]} - 1) * 10 ))s rss=$((rss / 1024)) MiB"
  sleep 10
done
wait "$pid" || true
requests=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['requests'])" "$BENCH_TMP/run/summary.json")
first=${samples[1]:-${samples[0]}}; last=${samples[-1]}; peak=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
echo "loadgen open model $rate for $duration: $requests requests"
echo "rss after 10 s: $((first / 1024)) MiB, at the end: $((last / 1024)) MiB, peak: $((peak / 1024)) MiB"
