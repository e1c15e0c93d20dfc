#!/usr/bin/env bash
# HTTPS load-generator efficiency: nginx (one worker, core 0) serves a 21-byte file over TLS with ALPN
# h2 and http/1.1 (self-signed certificate, so every generator skips verification). Each generator runs
# in turn pinned to core 1:
#   HTTP/1.1 over TLS, 64 keep-alive connections: wrk, h2load --h1, loadgen (protocol http1)
#   HTTP/2 over TLS, 8 connections x 16 streams:  h2load -c8 -m16, loadgen (protocol h2)
# Prints requests per generator CPU-second and loadgen's ratios (target >= 1.0).
# Usage: bench/loadgen_tls_vs_peers.sh [SECONDS]   (default 10; needs build/bin/loadgen, or BIN_DIR=dir)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
BIN="${BIN_DIR:-$BIN}"
secs="${1:-10}"
port=$(free_port)
start_nginx_tls "$port" 0 http2
url="https://127.0.0.1:$port"

cpu_run 1 wrk -t1 -c64 -d"${secs}s" "$url/index.html" > "$BENCH_TMP/wrk.out" 2> "$BENCH_TMP/wrk.err"
wrk_req=$(awk '/requests in/ {print $1}' "$BENCH_TMP/wrk.out"); wrk_cpu=$(cpu_of "$BENCH_TMP/wrk.err")

cpu_run 1 h2load --h1 -t1 -c64 -D"$secs" "$url/index.html" > "$BENCH_TMP/h2load1.out" 2> "$BENCH_TMP/h2load1.err"
h1_req=$(h2load_requests "$BENCH_TMP/h2load1.out"); h1_cpu=$(cpu_of "$BENCH_TMP/h2load1.err")

cpu_run 1 h2load -t1 -c8 -m16 -D"$secs" "$url/index.html" > "$BENCH_TMP/h2load2.out" 2> "$BENCH_TMP/h2load2.err"
h2_req=$(h2load_requests "$BENCH_TMP/h2load2.out"); h2_cpu=$(cpu_of "$BENCH_TMP/h2load2.err")

# loadgen_tls NAME PROTOCOL USERS [EXTRA YAML LINES]: one loadgen run; sets lg_req and lg_cpu.
loadgen_tls() {
  local name="$1" protocol="$2" users="$3" extra="${4:-}"
  cat > "$BENCH_TMP/$name.yaml" <<YAML
name: $name
target: $url
protocol: $protocol
tls: {insecure: true}
$extra
load: {users: $users, spawn_rate: 12800/s, duration: ${secs}s}
tasks:
  - {name: index, method: GET, path: /index.html, check: {status: 200}}
YAML
  cpu_run 1 "$BIN/loadgen" run "$BENCH_TMP/$name.yaml" --threads 1 --quiet --out "$BENCH_TMP/$name" \
    > "$BENCH_TMP/$name.out" 2> "$BENCH_TMP/$name.err" || true
  lg_req=$(loadgen_requests "$BENCH_TMP/$name"); lg_cpu=$(cpu_of "$BENCH_TMP/$name.err")
}
loadgen_tls lg-h1 http1 64; lg1_req=$lg_req; lg1_cpu=$lg_cpu
loadgen_tls lg-h2 h2 128 $'connections: 8\nmax_streams: 16'; lg2_req=$lg_req; lg2_cpu=$lg_cpu

printf '%-36s %12s %10s %16s\n' "generator (core 1, https ${secs}s)" "requests" "cpu s" "req per cpu-s"
for row in "wrk -c64 (h1):$wrk_req:$wrk_cpu" "h2load --h1 -c64:$h1_req:$h1_cpu" "loadgen http1 64 users:$lg1_req:$lg1_cpu" \
           "h2load -c8 -m16 (h2):$h2_req:$h2_cpu" "loadgen h2 8 conns x 16 streams:$lg2_req:$lg2_cpu"; do
  IFS=: read -r name req c <<<"$row"
  printf '%-36s %12s %10s %16s\n' "$name" "$req" "$c" "$(per_cpu "$req" "$c")"
done
lg1=$(per_cpu "$lg1_req" "$lg1_cpu"); lg2=$(per_cpu "$lg2_req" "$lg2_cpu")
echo "HTTP/1.1 over TLS: loadgen / wrk:    $(ratio "$lg1" "$(per_cpu "$wrk_req" "$wrk_cpu")")"
echo "HTTP/1.1 over TLS: loadgen / h2load: $(ratio "$lg1" "$(per_cpu "$h1_req" "$h1_cpu")")"
echo "HTTP/2 over TLS:   loadgen / h2load: $(ratio "$lg2" "$(per_cpu "$h2_req" "$h2_cpu")")"
