#!/usr/bin/env bash
# What loadgen adds to a streamed answer's TTFT, and what 10 000 concurrent streams cost it in memory.
#
# 1. Overhead: a scripted SSE origin (bench/sse_origin.cpp: one thread, Boost.Asio, core 1) sends each
#    answer's response head at once and its first event TTFT_MS (1 ms) after it has read the request,
#    stamping its own send time just before the write. loadgen (one thread, core 0) holds USERS
#    concurrent streams (closed model, no think time; each stream then stays open for 5 more events a
#    second apart, so all USERS are streaming at once while the origin has little to do) and measures
#    ttft_service (first output event - its send). The origin's own distribution of (send - arrival) is
#    subtracted percentile by percentile: what remains is the request's way in, the event's way out through
#    the loopback stack, and loadgen's own parsing and timing ("added"). Goal: < 0.1 ms at p99 with 1 000
#    streams. TTFT is short so that loadgen's histogram (buckets 0.78 % wide: 8 us at 1 ms) resolves it.
#    Both sides leave out the first WARMUP (6 s: the first wave of 1 000 connects, and the origin's own lag
#    accepting them, is not what is measured): loadgen by `warmup:`, the origin by --warmup-ms counted from
#    its first request; a drain lets every stream finish. The origin's arrival
#    stamp is taken when its event loop has read the request, so any lag of its own counts against
#    loadgen: the figure is an upper bound.
# 2. Memory: STREAMS concurrent streams of EVENTS events (10 per write, one write per second), loadgen's
#    RSS sampled every 5 s while every stream is open and its event count grows from ~50 to ~500:
#    flat means nothing is kept per event (histograms only).
# Usage: bench/stream_overhead.sh [--smoke] [--users N] [--overhead-only]
#   --smoke: a few seconds with small counts, for the tests; --users N: concurrent streams of part 1
#   (default 1 000; --users 1 gives the floor: the loopback and wake-ups alone); --overhead-only: skip part 2.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
smoke=0 users_arg="" overhead_only=0
while (($#)); do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --users) users_arg="$2"; shift 2 ;;
    --overhead-only) overhead_only=1; shift ;;
    *) echo "stream_overhead: unknown argument $1 (usage in the script's header)" >&2; exit 2 ;;
  esac
done
if (( smoke )); then
  users=50; duration=3s; o_events=3; o_gap_ms=200; streams=300; events=50; gap_ms=20; mem_duration=4s; sample_every=1
  warmup_ms=1000
else
  users=1000; duration=30s; o_events=6; o_gap_ms=1000; streams=10000; events=500; gap_ms=100; mem_duration=60s; sample_every=5
  warmup_ms=6000
fi
ttft_ms=1
if [[ -n "$users_arg" ]]; then
  [[ "$users_arg" =~ ^[1-9][0-9]*$ ]] || { echo "stream_overhead: --users takes a positive number" >&2; exit 2; }
  users="$users_arg"
fi

scenario() {  # scenario FILE USERS SPAWN DURATION WARMUP WAIT DRAIN
  cat > "$1" <<YAML
name: stream-overhead
target: http://127.0.0.1:1
load: {users: $2, spawn_rate: $3/s, duration: $4}
wait: $6
drain: $7
tasks:
  - name: chat
    method: POST
    path: /v1/chat/completions
    json: {model: m, stream: true, messages: [{role: user, content: hi}]}
    timeout: 120s
    stream: sse
YAML
  [[ "$5" != "0s" ]] && echo "warmup: $5" >> "$1"
  return 0
}

start_origin() {  # start_origin PORT EVENTS GAP_MS BATCH STATS [WARMUP_MS]
  [[ -x "$BIN/sse_origin" ]] || { echo "bench: $BIN/sse_origin not found (build first)" >&2; return 1; }
  taskset -c 1 "$BIN/sse_origin" --port "$1" --ttft-ms "$ttft_ms" --events "$2" --warmup-ms "${6:-0}" \
    --gap-ms "$3" --batch "$4" --stats "$5" > "$BENCH_TMP/origin-$1.out" 2>&1 &
  origin_pid=$!
  BENCH_PIDS+=("$origin_pid")
  for _ in $(seq 1 100); do grep -q listening "$BENCH_TMP/origin-$1.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: sse_origin did not start" >&2; cat "$BENCH_TMP/origin-$1.out" >&2; return 1
}

stop_origin() { kill -TERM "$origin_pid"; wait "$origin_pid" 2>/dev/null || true; }


# --- 1. TTFT overhead at USERS concurrent streams -----------------------------------------------
port=$(free_port)
start_origin "$port" "$o_events" "$o_gap_ms" 1 "$BENCH_TMP/origin1.json" "$warmup_ms"
scenario "$BENCH_TMP/overhead.yaml" "$users" "$users" "$duration" "${warmup_ms}ms" "{constant: 0s}" 10s
taskset -c 0 "$BIN/loadgen" run "$BENCH_TMP/overhead.yaml" --target "http://127.0.0.1:$port" --threads 1 --quiet \
  --out "$BENCH_TMP/overhead" > "$BENCH_TMP/overhead.out" 2>&1 || true
stop_origin
s="$BENCH_TMP/overhead/summary.json"
[[ -f "$s" ]] || { echo "bench: loadgen wrote no summary" >&2; cat "$BENCH_TMP/overhead.out" >&2; exit 1; }
python3 - "$s" "$BENCH_TMP/origin1.json" "$users" <<'PY'
import json, sys
summary, origin, users = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
e = summary["endpoints"]["chat"]
st = e["stream"]
lg = st["ttft_service_ms"]
print(f"overhead: {users} concurrent streams, {st['streams']} measured, {e['failures']} failures, "
      f"{st['events']} events; origin answered {origin['count']}")
print(f"  loadgen ttft_service p50 {lg['p50']:.3f} ms  p99 {lg['p99']:.3f} ms  p99.9 {lg['p999']:.3f} ms")
print(f"  origin  send-arrival p50 {origin['p50']:.3f} ms  p99 {origin['p99']:.3f} ms  p99.9 {origin['p999']:.3f} ms"
      f" (its own lateness p99 {origin['late_p99']:.3f} ms)")
for q in ("p50", "p99", "p999"):
    print(f"  added at {q}: {(lg[q] - origin[q]) * 1000:.0f} us")
gen = summary["generator"]
print(f"  generator kept up: {gen['valid']} {gen['reason']}")
if st["streams"] == 0 or e["failures"] > 0.01 * e["requests"]:
    sys.exit("bench: too few streams or too many failures to say anything")
PY

(( overhead_only )) && exit 0

# --- 2. RSS at STREAMS concurrent streams of EVENTS events --------------------------------------
port=$(free_port)
start_origin "$port" "$events" "$gap_ms" 10 "$BENCH_TMP/origin2.json"
spawn=$(( streams / 4 )); (( spawn < 1 )) && spawn=1
scenario "$BENCH_TMP/memory.yaml" "$streams" "$spawn" "$mem_duration" 0s "{constant: 60s}" 0s
taskset -c 0 "$BIN/loadgen" run "$BENCH_TMP/memory.yaml" --target "http://127.0.0.1:$port" --threads 1 --quiet \
  --out "$BENCH_TMP/memory" > "$BENCH_TMP/memory.out" 2>&1 &
pid=$!
BENCH_PIDS+=("$pid")
samples=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [[ -n "$rss" ]] && samples+=("$rss") && echo "  t=$(( (${#samples[@]} - 1) * sample_every ))s loadgen rss=$((rss / 1024)) MiB"
  sleep "$sample_every"
done
wait "$pid" || true
stop_origin
python3 - "$BENCH_TMP/memory/summary.json" "$streams" "$events" "${samples[@]}" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
streams, events = int(sys.argv[2]), int(sys.argv[3])
rss = [int(x) / 1024 for x in sys.argv[4:]]
st = summary["endpoints"]["chat"].get("stream", {})
got = st.get("events", 0)
print(f"memory: {streams} concurrent streams of up to {events} events; {st.get('streams', 0)} streams read "
      f"{got} output events ({got / max(1, streams):.0f} per stream)")
if len(rss) >= 3:
    early, late = rss[len(rss) // 4], rss[-1]
    print(f"  loadgen rss with every stream open: {early:.1f} MiB early, {late:.1f} MiB at the end "
          f"(peak {max(rss):.1f} MiB): growth {late - early:+.1f} MiB while events went up ~{events * 3 // 4} per stream")
if st.get("streams", 0) < streams * 0.9:
    sys.exit("bench: not every stream was opened")
PY
