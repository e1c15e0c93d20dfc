#!/usr/bin/env bash
# ragserver GET /health over HTTP/2 vs nginx serving a 21-byte static file over HTTP/2, each in
# turn pinned to core 0 with one worker/thread, h2load pinned to core 1 (-t1 -c8 -m16, fixed
# duration). Cleartext h2c (prior knowledge) first, then HTTPS with ALPN h2 (self-signed cert).
# Prints req/s of each and the ratio (target: ragserver / nginx >= 1.0).
# Usage: bench/server_h2_vs_nginx.sh [SECONDS]   (default 10; needs build/bin/ragserver,
#        or RAGSERVER_BIN=path/to/ragserver)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
secs="${1:-10}"
RAGSERVER="${RAGSERVER_BIN:-$BIN/ragserver}"

# h2load_rps CORE URL: requests/s measured by h2load pinned to CORE; fails unless all were 2xx.
h2load_rps() {
  local out
  out=$(taskset -c "$1" h2load -t1 -c8 -m16 -D "$secs" "$2" 2>&1)
  if ! grep -q '0 failed, 0 errored' <<<"$out"; then
    echo "bench: h2load against $2 saw failures:" >&2
    grep -E 'requests:|status codes' <<<"$out" >&2
  fi
  awk '/^finished in/ {print $4}' <<<"$out"
}

# wait_port PORT: waits up to 20 s for something to listen on PORT.
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: port $1 did not come up" >&2
  return 1
}

# nginx_h2 PORT CORE [ssl]: bench/lib/common.sh's nginx (one worker, 21-byte file) on an HTTP/2 listener,
# h2c or TLS, with open files cached (no open()/close() per request: nginx at its best) and the same
# stream limit ragserver advertises.
nginx_h2() {
  local tuning="open_file_cache max=1000; http2_max_concurrent_streams 128;"
  if [[ -n "${3:-}" ]]; then
    start_nginx "$1" "$2" "ssl http2" "$tuning ssl_certificate $BENCH_TMP/cert.pem; ssl_certificate_key $BENCH_TMP/key.pem;"
  else
    start_nginx "$1" "$2" "http2" "$tuning"
  fi
}

# ragserver_h2 PORT CORE [ARGS...]: ragserver with one I/O thread on CORE.
ragserver_h2() {
  local port="$1" core="$2"; shift 2
  mkdir -p "$BENCH_TMP/rag-$port"
  taskset -c "$core" "$RAGSERVER" --listen "127.0.0.1:$port" --data-dir "$BENCH_TMP/rag-$port" --store memory \
    --threads 1 --compute-threads 1 --log-level warn "$@" > "$BENCH_TMP/rag-$port.out" 2>&1 &
  BENCH_PIDS+=($!)
  wait_port "$port"
}

stop_last() { kill "${BENCH_PIDS[-1]}"; wait "${BENCH_PIDS[-1]}" 2>/dev/null || true; }

make_cert

declare -A rps
for scheme in http https; do
  tls=""; [[ "$scheme" == https ]] && tls=ssl
  port=$(free_port); nginx_h2 "$port" 0 "$tls"
  rps[nginx-$scheme]=$(h2load_rps 1 "$scheme://127.0.0.1:$port/index.html"); stop_last
  port=$(free_port)
  if [[ "$scheme" == https ]]; then
    ragserver_h2 "$port" 0 --tls-cert "$BENCH_TMP/cert.pem" --tls-key "$BENCH_TMP/key.pem"
  else
    ragserver_h2 "$port" 0
  fi
  rps[rag-$scheme]=$(h2load_rps 1 "$scheme://127.0.0.1:$port/health"); stop_last
done

printf '%-40s %12s\n' "server (1 core, h2load -c8 -m16 ${secs}s)" "req/s"
printf '%-40s %12.0f\n' "nginx static 21 B, h2c" "${rps[nginx-http]}"
printf '%-40s %12.0f\n' "ragserver GET /health, h2c" "${rps[rag-http]}"
printf '%-40s %12s\n' "ratio ragserver/nginx, h2c" "$(ratio "${rps[rag-http]}" "${rps[nginx-http]}")"
printf '%-40s %12.0f\n' "nginx static 21 B, https h2" "${rps[nginx-https]}"
printf '%-40s %12.0f\n' "ragserver GET /health, https h2" "${rps[rag-https]}"
printf '%-40s %12s\n' "ratio ragserver/nginx, https h2" "$(ratio "${rps[rag-https]}" "${rps[nginx-https]}")"
