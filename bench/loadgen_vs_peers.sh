#!/usr/bin/env bash
# Load-generator efficiency, side by side: nginx serves a 21-byte file pinned to core 0; wrk,
# h2load (--h1), Locust (FastHttpUser, no wait) and loadgen (closed model, 64 users, no think time,
# per-endpoint statistics on) each run in turn pinned to core 1 with 64 keep-alive connections.
# Prints requests per generator CPU-second for each and loadgen's ratio to each peer.
# Usage: bench/loadgen_vs_peers.sh [SECONDS]   (default 10; needs build/bin/loadgen)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
secs="${1:-10}"
port=$(free_port)
start_nginx "$port" 0
url="http://127.0.0.1:$port"
cpu() { grep -o 'cpu_seconds=[0-9.]*' "$1" | cut -d= -f2; }
per_cpu() { python3 -c "import sys; r,c=float(sys.argv[1]),float(sys.argv[2]); print(f'{r/c:.0f}' if c>0 else '0')" "$1" "$2"; }

run() { taskset -c 1 python3 "$ROOT/bench/lib/cpu_run.py" "$@"; }

run wrk -t1 -c64 -d"${secs}s" "$url/index.html" > "$BENCH_TMP/wrk.out" 2> "$BENCH_TMP/wrk.err"
wrk_req=$(awk '/requests in/ {print $1}' "$BENCH_TMP/wrk.out"); wrk_cpu=$(cpu "$BENCH_TMP/wrk.err")

run h2load --h1 -t1 -c64 -D"$secs" "$url/index.html" > "$BENCH_TMP/h2load.out" 2> "$BENCH_TMP/h2load.err"
h2_req=$(awk '/^requests:/ {print $8}' "$BENCH_TMP/h2load.out"); h2_cpu=$(cpu "$BENCH_TMP/h2load.err")

(cd "$BENCH_TMP" && run locust -f "$ROOT/bench/lib/locustfile.py" --headless -u 64 -r 64 -t "${secs}s" \
   --host "$url" --csv locust --only-summary > locust.out 2> locust.err) || true
locust_req=$(python3 -c "import csv,sys; rows=[r for r in csv.DictReader(open(sys.argv[1])) if r['Name']=='Aggregated']; print(rows[0]['Request Count'] if rows else 0)" "$BENCH_TMP/locust_stats.csv" 2>/dev/null || echo 0)
locust_cpu=$(cpu "$BENCH_TMP/locust.err")

run "$BIN/loadgen" run "$ROOT/bench/lib/static_closed.yaml" --target "$url" --threads 1 --quiet \
  --set "load.duration=${secs}s" --out "$BENCH_TMP/loadgen" > "$BENCH_TMP/loadgen.out" 2> "$BENCH_TMP/loadgen.err" || true
lg_req=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['requests'])" "$BENCH_TMP/loadgen/summary.json")
lg_cpu=$(cpu "$BENCH_TMP/loadgen.err")

printf '%-30s %12s %10s %16s\n' "generator (core 1, -c64 ${secs}s)" "requests" "cpu s" "req per cpu-s"
for row in "wrk:$wrk_req:$wrk_cpu" "h2load --h1:$h2_req:$h2_cpu" "locust FastHttpUser:$locust_req:$locust_cpu" "loadgen (stats on):$lg_req:$lg_cpu"; do
  IFS=: read -r name req c <<<"$row"
  printf '%-30s %12s %10s %16s\n' "$name" "$req" "$c" "$(per_cpu "$req" "$c")"
done
lg_eff=$(per_cpu "$lg_req" "$lg_cpu")
echo "loadgen / wrk:    $(ratio "$lg_eff" "$(per_cpu "$wrk_req" "$wrk_cpu")")"
echo "loadgen / h2load: $(ratio "$lg_eff" "$(per_cpu "$h2_req" "$h2_cpu")")"
echo "loadgen / locust: $(ratio "$lg_eff" "$(per_cpu "$locust_req" "$locust_cpu")")"
