#!/usr/bin/env bash
# The ragserver targets of the README, measured in one run on this machine:
#   1. /v1/search over >= 10 000 chunks of the sample corpus with the hnsw index: req/s on one
#      server core (wrk pinned to the other, 16 connections) and wrk's latency percentiles;
#   2. resident memory idle (empty) and with those chunks indexed;
#   3. a 10 MB document: upload -> fully indexed, in seconds (server not pinned: both cores).
# Usage: bench/server_targets.sh [SECONDS]   (default 10; needs a release build)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
secs="${1:-10}"
corpus="$ROOT/build/corpus"
[[ -f "$corpus/documents.jsonl" ]] || { echo "bench: build first (missing $corpus)"; exit 2; }

rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

port=$(free_port)
start_ragserver "$port" 0 --index hnsw --llm-scale 0
pid="${BENCH_PIDS[-1]}"
idle=$(rss_mib "$pid")
python3 "$ROOT/ci/load_corpus.py" "http://127.0.0.1:$port" "$corpus" --min-chunks 10000 --quiet
chunks=$(curl -fsS "http://127.0.0.1:$port/metrics" | awk '/^index_vectors / {print $2}')
loaded=$(rss_mib "$pid")

cut -d, -f1 "$corpus/queries.csv" | tail -n +2 | tr -d '"' > "$BENCH_TMP/queries.txt"
out=$(QUERIES_FILE="$BENCH_TMP/queries.txt" taskset -c 1 wrk -t1 -c16 -d"${secs}s" --latency \
      -s "$ROOT/bench/lib/search.lua" "http://127.0.0.1:$port")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")

upload_port=$(free_port)
# The upload is not pinned: indexing may use both cores (parallel hnsw inserts).
mkdir -p "$BENCH_TMP/rag-$upload_port"
"$BIN/ragserver" --listen "127.0.0.1:$upload_port" --data-dir "$BENCH_TMP/rag-$upload_port" --log-level warn \
  --llm-scale 0 > "$BENCH_TMP/rag-$upload_port.out" 2>&1 &
BENCH_PIDS+=($!)
wait_http "http://127.0.0.1:$upload_port/health"
upload=$(python3 "$ROOT/bench/lib/upload_timing.py" "http://127.0.0.1:$upload_port" "$corpus" 10000000)

echo "ragserver targets (server pinned to core 0, 1 I/O thread; wrk on core 1)"
printf '  %-46s %s\n' "chunks indexed (hnsw)" "${chunks%.*}"
printf '  %-46s %s req/s  (p50 %s, p99 %s, non-2xx %s)\n' "/v1/search, wrk -c16 ${secs}s" "$rps" "$p50" "$p99" "${non2xx:-0}"
printf '  %-46s %s MiB\n' "resident memory idle" "$idle"
printf '  %-46s %s MiB\n' "resident memory with the chunks indexed" "$loaded"
printf '  %-46s %s\n' "10 MB document" "$upload"
