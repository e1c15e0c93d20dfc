#!/usr/bin/env bash
# Soak: ragserver and loadgen under a steady mixed load for MINUTES (default 5; the issue's evidence run is
# 30), each one's resident memory sampled every second, and the latency drift over the run.
#
# The load is scenarios/knowledge_assistant.yaml with profiles/soak.yaml (50 users, think times from the
# scenario: search, query, get_document, health; each user uploads one document when it starts, so the store
# stops growing once all users are in) against ragserver's embedded default (SQLite, LRU cache, HNSW) with
# --llm-scale 0.05. ragserver runs on the last core, loadgen on core 0 (taskset), one loadgen thread.
# Warm-up: the profile's 2 minutes (smoke: 4 s), left out of statistics and of the memory reference.
# Printed: RSS of each program at the end of warm-up (median of the next minute), at the end (median of the
# last minute), growth between the two (goal < 5 %) and peak; p99 of the first and the last progress window
# (one a minute; smoke: every 3 s) and their ratio (the drift). Samples in $OUT/rss.csv (t_s, ragserver_kib,
# loadgen_kib); loadgen's run directory in $OUT/run.
# Usage: bench/soak.sh [MINUTES] [--smoke] [--out DIR]
#   --smoke: a 20-second run with a 4 s warm-up (the test suite runs it); --out DIR: keep the samples and the
#   run there (default: a temp dir, removed at exit).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
minutes=5 smoke=0 out=""
while (($#)); do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) minutes="$1"; shift ;;
    *) echo "soak: unknown argument $1 (usage: bench/soak.sh [MINUTES] [--smoke] [--out DIR])" >&2; exit 2 ;;
  esac
done
out="${out:-$BENCH_TMP/soak}"
mkdir -p "$out"
if (( smoke )); then
  duration=20s warmup=4s window=3s ref_s=4 users=10
else
  duration="${minutes}m" warmup=2m window=60s ref_s=60 users=50
fi
warmup_s=$(python3 -c "import sys; v=sys.argv[1]; print(int(v[:-1]) * (60 if v.endswith('m') else 1))" "$warmup")
last_core=$(( $(nproc) - 1 ))

port=$(free_port)
taskset -c "$last_core" "$BIN/ragserver" --listen "127.0.0.1:$port" --data-dir "$BENCH_TMP/data" --llm-scale 0.05 \
  > "$out/ragserver.log" 2>&1 &
server=$!
BENCH_PIDS+=("$server")
wait_http "http://127.0.0.1:$port/health"

taskset -c 0 "$BIN/loadgen" run "$ROOT/scenarios/knowledge_assistant.yaml" --profile "$ROOT/profiles/soak.yaml" \
  --target "http://127.0.0.1:$port" --threads 1 --set "load.duration=$duration" --set "warmup=$warmup" \
  --set "load.users=$users" --progress-interval "$window" --out "$out/run" > "$out/loadgen.out" 2> "$out/loadgen.err" &
client=$!
BENCH_PIDS+=("$client")
echo "soak: $duration (warm-up $warmup), ragserver pid $server on core $last_core, loadgen pid $client on core 0; samples in $out/rss.csv"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
echo "t_s,ragserver_kib,loadgen_kib" > "$out/rss.csv"
t=0
while kill -0 "$client" 2>/dev/null; do
  echo "$t,$(rss_kib "$server"),$(rss_kib "$client")" >> "$out/rss.csv"
  if (( ! smoke && t % 60 == 0 )); then echo "soak: t=${t}s ragserver $(( $(rss_kib "$server") / 1024 )) MiB, loadgen $(( $(rss_kib "$client") / 1024 )) MiB"; fi
  sleep 1
  t=$((t + 1))
done
code=0; wait "$client" || code=$?
(( code <= 1 )) || { echo "soak: loadgen failed (exit $code):"; tail -5 "$out/loadgen.err"; exit 1; }

python3 - "$out" "$warmup_s" "$ref_s" <<'EOF'
import csv, json, re, statistics, sys
out, warmup_s, ref_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [(int(r["t_s"]), int(r["ragserver_kib"]), int(r["loadgen_kib"])) for r in csv.DictReader(open(f"{out}/rss.csv"))]
rows = [r for r in rows if r[1] > 0 and r[2] > 0]
after = [r for r in rows if r[0] >= warmup_s]
if len(after) < 2 * ref_s:
    sys.exit(f"soak: only {len(after)} samples after the warm-up; need {2 * ref_s}")
for col, name in ((1, "ragserver"), (2, "loadgen")):
    ref = statistics.median(r[col] for r in after[:ref_s])
    end = statistics.median(r[col] for r in after[-ref_s:])
    peak = max(r[col] for r in rows)
    growth = (end - ref) / ref * 100
    print(f"soak: {name} RSS after warm-up {ref / 1024:.1f} MiB, at the end {end / 1024:.1f} MiB, "
          f"growth {growth:+.1f} % (goal < 5 %: {'met' if growth < 5 else 'NOT met'}), peak {peak / 1024:.1f} MiB")
# Progress windows: "[  60s/30m] ... p99 3.21ms | total ..." (the first ones fall in the warm-up).
p99 = []
for line in open(f"{out}/loadgen.err"):
    m = re.match(r"\[\s*(\d+)s/.*p99 ([0-9.]+)ms", line)
    if m and int(m.group(1)) > warmup_s:
        p99.append((int(m.group(1)), float(m.group(2))))
if len(p99) < 2:
    sys.exit(f"soak: only {len(p99)} progress windows after the warm-up in loadgen's output")
first, last = p99[0], p99[-1]
print(f"soak: p99 of the first window after warm-up (t={first[0]}s) {first[1]:.2f} ms, of the last (t={last[0]}s) "
      f"{last[1]:.2f} ms: drift x{last[1] / first[1]:.2f}")
s = json.load(open(f"{out}/run/summary.json"))
print(f"soak: {s['totals']['requests']} requests, {s['totals']['failures']} failures, verdict {s['verdict']}")
EOF
