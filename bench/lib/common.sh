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

# wait_http URL [CURL_ARGS...]: waits up to 20 s for URL to answer (e.g. -k, --http2-prior-knowledge).
wait_http() {
  local url="$1"; shift
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $url did not come up" >&2
  return 1
}

# start_nginx PORT CORE [EXTRA_LISTEN_ARGS] [SERVER_EXTRA]: nginx (one worker) serving a 21-byte file on
# PORT, pinned to CORE. EXTRA_LISTEN_ARGS "http2" makes an h2c (prior knowledge) listener, "ssl" / "ssl http2"
# a TLS one (SERVER_EXTRA then names the certificate: see start_nginx_tls).
start_nginx() {
  local port="$1" core="$2" listen_extra="${3:-}" server_extra="${4:-}"
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
  server { listen 127.0.0.1:$port $listen_extra; root $dir/html; $server_extra }
}
NGINX
  mkdir -p "$dir/tmp"
  taskset -c "$core" nginx -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf" &
  BENCH_PIDS+=($!)
  case "$listen_extra" in
    *ssl*) wait_http "https://127.0.0.1:$port/index.html" -k ;;
    *http2*) wait_http "http://127.0.0.1:$port/index.html" --http2-prior-knowledge ;;
    *) wait_http "http://127.0.0.1:$port/index.html" ;;
  esac
}

# make_cert: a self-signed certificate for localhost / 127.0.0.1 in $BENCH_TMP (cert.pem, key.pem).
make_cert() {
  [[ -f "$BENCH_TMP/cert.pem" ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$BENCH_TMP/key.pem" -out "$BENCH_TMP/cert.pem" -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >/dev/null 2>&1
}

# start_nginx_tls PORT CORE [http2]: start_nginx with a TLS listener (ALPN h2 too when "http2").
start_nginx_tls() {
  make_cert
  start_nginx "$1" "$2" "ssl ${3:-}" "ssl_certificate $BENCH_TMP/cert.pem; ssl_certificate_key $BENCH_TMP/key.pem;"
}

# cpu_run CORE CMD...: runs CMD pinned to CORE; its stderr ends with cpu_seconds=S (bench/lib/cpu_run.py).
cpu_run() {
  local core="$1"; shift
  taskset -c "$core" python3 "$ROOT/bench/lib/cpu_run.py" "$@"
}

# cpu_of FILE: the cpu_seconds=S figure cpu_run left in FILE (a stderr capture).
cpu_of() { grep -o 'cpu_seconds=[0-9.]*' "$1" | cut -d= -f2; }

# per_cpu REQUESTS CPU_SECONDS: requests per CPU-second, rounded.
per_cpu() { python3 -c "import sys; r,c=float(sys.argv[1]),float(sys.argv[2]); print(f'{r/c:.0f}' if c>0 else '0')" "$1" "$2"; }

# h2load_requests FILE: successful requests from h2load's output.
h2load_requests() { awk '/^requests:/ {print $8}' "$1"; }

# loadgen_requests RUN_DIR: successful requests (requests - failures) from loadgen's summary.json.
loadgen_requests() {
  python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['totals']; print(t['requests']-t.get('failures',0))" "$1/summary.json"
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
