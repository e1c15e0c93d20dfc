#!/usr/bin/env bash
# ragserver GET /health vs nginx serving a 21-byte static file, each in turn pinned to core 0 with
# one worker thread, wrk pinned to core 1 with 64 keep-alive connections. Prints both req/s and
# the ratio (target: ragserver / nginx >= 1.0).
# Usage: bench/server_vs_nginx.sh [SECONDS]   (default 10; needs build/bin/ragserver)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
secs="${1:-10}"

nginx_port=$(free_port)
start_nginx "$nginx_port" 0
nginx_rps=$(wrk_rps 1 "http://127.0.0.1:$nginx_port/index.html" "$secs")
kill "${BENCH_PIDS[-1]}"; wait "${BENCH_PIDS[-1]}" 2>/dev/null || true

rag_port=$(free_port)
start_ragserver "$rag_port" 0 --store memory
rag_rps=$(wrk_rps 1 "http://127.0.0.1:$rag_port/health" "$secs")

printf '%-34s %12s\n' "server (1 core, wrk -c64 ${secs}s)" "req/s"
printf '%-34s %12.0f\n' "nginx static 21 B" "$nginx_rps"
printf '%-34s %12.0f\n' "ragserver GET /health" "$rag_rps"
printf '%-34s %12s\n' "ratio ragserver/nginx" "$(ratio "$rag_rps" "$nginx_rps")"
