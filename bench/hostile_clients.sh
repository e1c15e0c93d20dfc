#!/usr/bin/env bash
# ragserver under slow, idle and silent clients: /health and /v1/search p99 measured by loadgen (open model,
# 200 requests/s, bench/lib/hostile_probe.yaml) first on a quiet server, then while bench/lib/hostile_clients.py
# holds IDLE keep-alive connections (answered once, then silent), SLOW slowloris connections (one header line
# every 3 s, never finished; back as soon as the server drops them) and SILENT connections (nothing sent).
# Then the hostile clients leave and the server's descriptors and RSS are read again.
# Goal: p99 under pressure within 2x of the quiet figure for both routes; descriptors back to the quiet count.
# ragserver on the last core (default timeouts: header 10 s, idle 60 s), loadgen and the clients on core 0.
# Usage: bench/hostile_clients.sh [--smoke] [--idle N] [--slow N] [--silent N] [--duration D]
#   defaults: 1000 idle, 200 slow, 20 silent, 20 s per measurement; --smoke: 100/20/5 for 4 s, a 3 s header timeout
#   (so slowloris connections are dropped and come back during the run).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
idle=1000 slow=200 silent=20 duration=20s smoke=0
while (($#)); do
  case "$1" in
    --smoke) smoke=1 idle=100 slow=20 silent=5 duration=4s; shift ;;
    --idle) idle="$2"; shift 2 ;;
    --slow) slow="$2"; shift 2 ;;
    --silent) silent="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "hostile_clients: unknown argument $1" >&2; exit 2 ;;
  esac
done
last_core=$(( $(nproc) - 1 ))
port=$(free_port)
extra=()
(( smoke )) && extra=(--header-timeout 3s)
taskset -c "$last_core" "$BIN/ragserver" --listen "127.0.0.1:$port" --data-dir "$BENCH_TMP/data" --llm-scale 0 \
  "${extra[@]}" > "$BENCH_TMP/ragserver.log" 2>&1 &
server=$!
BENCH_PIDS+=("$server")
wait_http "http://127.0.0.1:$port/health"
curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/documents" -H 'content-type: application/json' \
  -d '{"title":"Autovacuum","content":"Autovacuum removes dead tuples and refreshes planner statistics."}'

fds() { ls "/proc/$server/fd" | wc -l; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
probe() {  # probe NAME: one loadgen run into $BENCH_TMP/NAME
  taskset -c 0 "$BIN/loadgen" run "$ROOT/bench/lib/hostile_probe.yaml" --target "http://127.0.0.1:$port" --threads 1 \
    --silent -d "$duration" --out "$BENCH_TMP/$1" > "$BENCH_TMP/$1.log" 2>&1 || true
  [[ -f "$BENCH_TMP/$1/summary.json" ]] || { echo "hostile_clients: the $1 run wrote no summary:"; tail -5 "$BENCH_TMP/$1.log"; exit 1; }
}

probe quiet
quiet_fds=$(fds) quiet_rss=$(rss)
taskset -c 0 python3 "$ROOT/bench/lib/hostile_clients.py" 127.0.0.1 "$port" --idle "$idle" --slow "$slow" \
  --silent "$silent" > "$BENCH_TMP/hostile.out" 2>&1 &
hostile=$!
BENCH_PIDS+=("$hostile")
for _ in $(seq 1 100); do grep -q connected "$BENCH_TMP/hostile.out" && break; sleep 0.1; done
grep -q connected "$BENCH_TMP/hostile.out" || { echo "hostile_clients: the clients did not connect"; cat "$BENCH_TMP/hostile.out"; exit 1; }
sleep 1
pressure_fds=$(fds)
probe pressure
kill -TERM "$hostile"; wait "$hostile" || true
sleep 2
after_fds=$(fds) after_rss=$(rss)
kill -0 "$server" || { echo "hostile_clients: ragserver died"; tail -5 "$BENCH_TMP/ragserver.log"; exit 1; }

python3 - "$BENCH_TMP" "$quiet_fds" "$pressure_fds" "$after_fds" "$quiet_rss" "$after_rss" <<'PY'
import json, sys
d, quiet_fds, pressure_fds, after_fds, quiet_rss, after_rss = sys.argv[1], *map(int, sys.argv[2:])
lines = open(f"{d}/hostile.out").read().split("\n")
connected = json.loads(next(l for l in lines if l.startswith('{"connected"')))["connected"]
at_stop = json.loads(next(l for l in lines if l.startswith('{"at_stop"')))["at_stop"]
q = json.load(open(f"{d}/quiet/summary.json"))
p = json.load(open(f"{d}/pressure/summary.json"))
print(f"hostile clients: {connected['idle_open']} idle, {connected['slow_open']} slowloris, {connected['silent_open']} silent "
      f"connected ({connected['connect_failed']} refused); while probed the server dropped {at_stop['closed_by_server']} "
      f"(slowloris and silent ones at the header timeout, then back)")
print(f"server descriptors: quiet {quiet_fds}, under pressure {pressure_fds}, after {after_fds}; "
      f"RSS quiet {quiet_rss / 1024:.1f} MiB, after {after_rss / 1024:.1f} MiB")
ok = True
for ep in ("health", "search"):
    a, b = q["endpoints"][ep], p["endpoints"][ep]
    ratio = b["latency_ms"]["p99"] / max(a["latency_ms"]["p99"], 1e-9)
    print(f"{ep}: p99 quiet {a['latency_ms']['p99']:.2f} ms, under pressure {b['latency_ms']['p99']:.2f} ms (x{ratio:.2f}, "
          f"goal <= 2: {'met' if ratio <= 2 else 'NOT met'}); requests {a['requests']} / {b['requests']}, failures "
          f"{a['failures']} / {b['failures']}")
    if b["requests"] == 0 or b["failures"] > 0.01 * b["requests"]:
        ok = False
        print(f"hostile_clients: {ep} failed under pressure")
if connected["idle_open"] == 0:
    ok = False
    print("hostile_clients: no idle connection was held")
if after_fds > quiet_fds + 5:
    ok = False
    print(f"hostile_clients: the server kept {after_fds - quiet_fds} descriptors after the clients left")
sys.exit(0 if ok else 1)
PY
