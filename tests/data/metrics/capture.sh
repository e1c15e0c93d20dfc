#!/usr/bin/env bash
# Captures the real /metrics outputs that the exposition parser's tests and fuzz seeds read
# (tests/unit/loadgen_scrape/metrics_corpus_test.cpp, fuzz/corpus/prometheus_text/):
#   ragserver.txt       build/bin/ragserver after a little traffic (an upload, queries, a stream)
#   prometheus.txt      Debian's prometheus scraping itself
#   nginx_exporter.txt  Debian's prometheus-nginx-exporter in front of nginx's stub_status
# Usage: tests/data/metrics/capture.sh [BUILD_DIR]   (default build/; needs curl, prometheus, nginx and
# prometheus-nginx-exporter). Every server runs on a free loopback port in a temporary folder and is
# stopped (and waited for) before the script ends.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="${1:-$root/build}"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() {
  for _ in $(seq 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "capture: no answer from $1" >&2
  return 1
}

# ragserver, with traffic so that its histograms, cache and pool counters hold values.
port="$(free_port)"
"$build/bin/ragserver" --data-dir "$tmp/rag" --listen "127.0.0.1:$port" --llm-scale 0 >"$tmp/rag.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
wait_http "$base/health"
curl -fsS -o /dev/null -H 'Content-Type: application/json' "$base/v1/documents" \
  -d '{"title":"Autovacuum","content":"VACUUM reclaims storage occupied by dead tuples. Autovacuum runs it in the background."}'
for q in "what does vacuum reclaim" "what does vacuum reclaim" "how does autovacuum work"; do
  curl -fsS -o /dev/null -H 'Content-Type: application/json' "$base/v1/query" -d "{\"query\":\"$q\"}"
done
curl -fsS -o /dev/null -H 'Content-Type: application/json' "$base/v1/search" -d '{"query":"dead tuples","k":3}'
curl -fsS -o /dev/null -H 'Content-Type: application/json' "$base/v1/chat" -d '{"query":"what is autovacuum"}'
curl -fsS "$base/metrics" >"$here/ragserver.txt"

# Prometheus scraping itself (so its scrape and TSDB series are populated).
port="$(free_port)"
cat >"$tmp/prometheus.yml" <<EOF
global: {scrape_interval: 1s}
scrape_configs:
  - job_name: self
    static_configs: [{targets: ['127.0.0.1:$port']}]
EOF
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prom" \
  --web.listen-address="127.0.0.1:$port" >"$tmp/prom.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/-/ready"
sleep 3
curl -fsS "http://127.0.0.1:$port/metrics" >"$here/prometheus.txt"

# nginx's stub_status behind the nginx exporter.
nginx_port="$(free_port)"
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /stub_status { stub_status; }
    location / { return 200 "ok\n"; }
  }
}
EOF
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$nginx_port/"
for _ in 1 2 3 4 5; do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/"; done
port="$(free_port)"
prometheus-nginx-exporter -nginx.scrape-uri "http://127.0.0.1:$nginx_port/stub_status" \
  -web.listen-address "127.0.0.1:$port" >"$tmp/exporter.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/metrics"
curl -fsS "http://127.0.0.1:$port/metrics" >"$here/nginx_exporter.txt"

wc -l "$here"/*.txt
