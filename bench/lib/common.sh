# Shared helpers for the side-by-side benchmark scripts (sourced, not run).
# Peers and ragbench programs run on loopback only, on free ports, in temp dirs, and are stopped on exit.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$ROOT/build/bin"
BENCH_TMP="$(mktemp -d /tmp/ragbench-bench-XXXXXX)"
chmod 755 "$BENCH_TMP"  # nginx workers run as another user and must read the files
BENCH_PIDS=()

bench_cleanup() {
  for pid in "${BENCH_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

# free_port: prints a TCP port nobody listens on.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL: waits up to 20 s for URL to answer.
wait_http() {
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $1 did not come up" >&2
  return 1
}

# start_nginx PORT CORE [EXTRA_LISTEN_ARGS]: nginx (one worker) serving a 21-byte file on PORT, pinned to CORE.
start_nginx() {
  local port="$1" core="$2" listen_extra="${3:-}"
  local dir="$BENCH_TMP/nginx-$port"
  mkdir -p -m 755 "$dir/html" "$dir/logs"
  printf 'hello from nginx....\n' > "$dir/html/index.html"   # 21 bytes
  cat > "$dir/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server { listen 127.0.0.1:$port $listen_extra; root $dir/html; }
}
NGINX
  mkdir -p "$dir/tmp"
  taskset -c "$core" nginx -p "$dir" -c "$dir/nginx.conf" &
  BENCH_PIDS+=($!)
  wait_http "http://127.0.0.1:$port/index.html"
}

# start_ragserver PORT CORE ARGS...: ragserver with one I/O thread pinned to CORE.
start_ragserver() {
  local port="$1" core="$2"; shift 2
  mkdir -p "$BENCH_TMP/rag-$port"
  taskset -c "$core" "$BIN/ragserver" --listen "127.0.0.1:$port" --data-dir "$BENCH_TMP/rag-$port" \
    --threads 1 --compute-threads 1 --log-level warn "$@" > "$BENCH_TMP/rag-$port.out" 2>&1 &
  BENCH_PIDS+=($!)
  wait_http "http://127.0.0.1:$port/health"
}

# wrk_rps CORE URL [SECONDS] [CONNECTIONS] [SCRIPT]: prints requests/s measured by wrk pinned to CORE.
wrk_rps() {
  local core="$1" url="$2" secs="${3:-10}" conns="${4:-64}" script="${5:-}"
  local args=(-t1 -c"$conns" -d"${secs}s")
  [[ -n "$script" ]] && args+=(-s "$script")
  taskset -c "$core" wrk "${args[@]}" "$url" | awk '/Requests\/sec/ {print $2}'
}

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b>0 else 'n/a')" "$1" "$2"; }
