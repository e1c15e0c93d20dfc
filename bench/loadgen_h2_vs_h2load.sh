#!/usr/bin/env bash
# HTTP/2 load-generator efficiency: nginx serves a 21-byte file over h2c (prior knowledge) with one
# worker pinned to core 0; h2load -c8 -m16 and loadgen (h2c, 8 connections x 16 streams = 128 users,
# closed model, no think time, statistics on) each run in turn pinned to core 1.
# Prints requests per generator CPU-second for each and loadgen's ratio (target >= 1.0).
# Usage: bench/loadgen_h2_vs_h2load.sh [SECONDS]   (default 10; needs build/bin/loadgen, or BIN=dir)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
BIN="${BIN_DIR:-$BIN}"
secs="${1:-10}"
port=$(free_port)
start_nginx "$port" 0 http2
url="http://127.0.0.1:$port"

cpu_run 1 h2load -t1 -c8 -m16 -D"$secs" "$url/index.html" > "$BENCH_TMP/h2load.out" 2> "$BENCH_TMP/h2load.err"
h2_req=$(h2load_requests "$BENCH_TMP/h2load.out"); h2_cpu=$(cpu_of "$BENCH_TMP/h2load.err")

cat > "$BENCH_TMP/h2c.yaml" <<YAML
name: h2c-static
target: $url
protocol: h2c
connections: 8
max_streams: 16
load: {users: 128, spawn_rate: 12800/s, duration: ${secs}s}
tasks:
  - {name: index, method: GET, path: /index.html, check: {status: 200}}
YAML
cpu_run 1 "$BIN/loadgen" run "$BENCH_TMP/h2c.yaml" --threads 1 --quiet --out "$BENCH_TMP/loadgen" \
  > "$BENCH_TMP/loadgen.out" 2> "$BENCH_TMP/loadgen.err" || true
lg_req=$(loadgen_requests "$BENCH_TMP/loadgen"); lg_cpu=$(cpu_of "$BENCH_TMP/loadgen.err")

printf '%-34s %12s %10s %16s\n' "generator (core 1, h2c ${secs}s)" "requests" "cpu s" "req per cpu-s"
printf '%-34s %12s %10s %16s\n' "h2load -c8 -m16" "$h2_req" "$h2_cpu" "$(per_cpu "$h2_req" "$h2_cpu")"
printf '%-34s %12s %10s %16s\n' "loadgen h2c 8 conns x 16 streams" "$lg_req" "$lg_cpu" "$(per_cpu "$lg_req" "$lg_cpu")"
echo "loadgen / h2load: $(ratio "$(per_cpu "$lg_req" "$lg_cpu")" "$(per_cpu "$h2_req" "$h2_cpu")")"
