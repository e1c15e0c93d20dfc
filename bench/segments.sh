#!/usr/bin/env bash
# Execution segments and `loadgen merge`, checked for exactness on real runs (issue 18's evidence;
# docs/loadgen-distributed.md). All processes on this machine, against nginx (counts) and a Python origin
# whose latency distribution is known (tails), on loopback:
#   1. constant, stages and Poisson open-model runs, each as one process and as N = 1, 2, 4 and 7 segments
#      started together (--start-at) and merged: merged requests vs the one process (goal: within 0.5 %),
#      and the per-second arrival curve (stats.load "scheduled") of the merged run vs the one process's:
#      the largest difference in any second;
#   2. the same segments merged in reverse order: byte-identical summary.json and histograms.json;
#   3. a closed-model run of 10 users in 4 segments: the users started add up to 10;
#   4. the known-latency origin (uniform 1..100 ms: true p50 50 ms, p99 99 ms), one process vs 4 merged
#      segments: their p50/p99 next to the truth.
# Prints a Markdown table for the README; exits non-zero when a goal is missed.
# Usage: bench/segments.sh [--smoke] [--rate R] [--duration SECONDS]
#   default: 400/s for 10 s; --smoke: 100/s for 3 s, N = 1 and 2, constant and Poisson (the test suite).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
rate=400 duration=10 smoke=0
while (($#)); do
  case "$1" in
    --smoke) smoke=1 rate=100 duration=3; shift ;;
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "segments: unknown argument $1 (usage in the script's header)" >&2; exit 2 ;;
  esac
done
for v in "$rate" "$duration"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "segments: --rate and --duration take positive integers" >&2; exit 2; }
done
[[ -x "$BIN/loadgen" ]] || { echo "segments: build first (ci/build.sh)" >&2; exit 1; }
if ((smoke)); then counts=(1 2); shapes=(constant poisson); else counts=(1 2 4 7); shapes=(constant stages poisson); fi
loadgen="$BIN/loadgen"
failed=0

nginx_port=$(free_port)
start_nginx "$nginx_port" 0
wait_http "http://127.0.0.1:$nginx_port/"
origin_port=$(free_port)
python3 "$ROOT/bench/lib/latency_origin.py" "$origin_port" &
BENCH_PIDS+=($!)
wait_http "http://127.0.0.1:$origin_port/"

# scenario NAME TARGET LOAD: writes $BENCH_TMP/NAME.yaml
scenario() {
  cat > "$BENCH_TMP/$1.yaml" <<YAML
name: $1
target: $2
seed: 17
load: $3
tasks:
  - {name: get, method: GET, path: /}
YAML
}
half=$((duration / 2)) rest=$((duration - duration / 2))
load_of() {
  case "$1" in
    constant) echo "{arrival_rate: $rate/s, duration: ${duration}s}" ;;
    stages) echo "{stages: [{duration: ${half}s, target_rate: $rate}, {duration: ${rest}s, target_rate: $((rate / 2))}]}" ;;
    poisson) echo "{arrival: poisson, rate: $rate/s, duration: ${duration}s}" ;;
    closed) echo "{users: 10, spawn_rate: 5/s, duration: ${duration}s}" ;;
  esac
}
# A verdict of 1 is a result too; 2 or more is a broken run.
run_ok() { local rc=0; "$@" > "$BENCH_TMP/last.log" 2>&1 || rc=$?; ((rc <= 1)) || { cat "$BENCH_TMP/last.log" >&2; echo "segments: exit $rc: $*" >&2; exit 1; }; }

# segmented NAME N: N segments of $BENCH_TMP/NAME.yaml started together, merged into $BENCH_TMP/NAME-N/merged.
segmented() {
  local name="$1" n="$2" dir="$BENCH_TMP/$1-$2" start pids=() i
  mkdir -p "$dir"
  start=$(date -u -d "+2 seconds" +%Y-%m-%dT%H:%M:%SZ)
  for ((i = 0; i < n; i++)); do
    "$loadgen" run "$BENCH_TMP/$name.yaml" --segment "$i/$n" --start-at "$start" --threads 1 --quiet \
      --out "$dir/segment-$i" > "$dir/log-$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    local rc=0
    wait "${pids[$i]}" || rc=$?
    ((rc <= 1)) || { cat "$dir/log-$i.txt" >&2; echo "segments: segment $i of $name exited $rc" >&2; exit 1; }
  done
  run_ok "$loadgen" merge "$dir"/segment-* --out "$dir/merged"
}

echo "| load | N | one process: requests | merged: requests | difference | largest per-second arrival difference | merge order |"
echo "|---|---|---|---|---|---|---|"
for shape in "${shapes[@]}"; do
  scenario "$shape" "http://127.0.0.1:$nginx_port" "$(load_of "$shape")"
  run_ok "$loadgen" run "$BENCH_TMP/$shape.yaml" --threads 1 --quiet --out "$BENCH_TMP/$shape-single"
  for n in "${counts[@]}"; do
    segmented "$shape" "$n"
    # The same segments merged in reverse order must give the same bytes.
    mapfile -t dirs < <(ls -d "$BENCH_TMP/$shape-$n"/segment-*/ | sort -r)
    run_ok "$loadgen" merge "${dirs[@]}" --out "$BENCH_TMP/$shape-$n/merged-reversed"
    order="identical"
    for f in summary.json histograms.json; do
      cmp -s "$BENCH_TMP/$shape-$n/merged/$f" "$BENCH_TMP/$shape-$n/merged-reversed/$f" || order="DIFFERS ($f)"
    done
    [[ "$order" == identical ]] || failed=1
    python3 - "$BENCH_TMP/$shape-single" "$BENCH_TMP/$shape-$n/merged" "$shape" "$n" "$order" <<'PY' || failed=1
import json, sys
single, merged, shape, n, order = sys.argv[1:]
def load(d):
    h = json.load(open(f"{d}/histograms.json"))
    curve = {p[0]: p[1] for p in h["stats"].get("load", [])}
    return json.load(open(f"{d}/summary.json"))["totals"]["requests"], curve
a, ca = load(single)
b, cb = load(merged)
diff = (b - a) / a * 100 if a else 0.0
worst = max((abs(ca.get(s, 0) - cb.get(s, 0)) for s in set(ca) | set(cb)), default=0)
print(f"| {shape} | {n} | {a} | {b} | {diff:+.2f} % | {worst} | {order} |")
sys.exit(0 if abs(diff) <= 0.5 else 1)
PY
  done
done

# Closed model: the users are split, not multiplied.
scenario closed "http://127.0.0.1:$nginx_port" "$(load_of closed)"
segmented closed 4
python3 - "$BENCH_TMP/closed-4" <<'PY' || failed=1
import json, sys
d = sys.argv[1]
users = [sum(p[4] for p in json.load(open(f"{d}/segment-{i}/histograms.json"))["stats"].get("load", [])) for i in range(4)]
merged = sum(p[4] for p in json.load(open(f"{d}/merged/histograms.json"))["stats"].get("load", []))
print(f"\nclosed model, 10 users in 4 segments: users started per segment {users}, merged {merged} (goal 10)")
sys.exit(0 if sum(users) == 10 and merged == 10 else 1)
PY

# Tails against a known distribution.
scenario latency "http://127.0.0.1:$origin_port" "{arrival_rate: $((rate / 4))/s, duration: ${duration}s}"
run_ok "$loadgen" run "$BENCH_TMP/latency.yaml" --threads 1 --quiet --out "$BENCH_TMP/latency-single"
segmented latency 4
python3 - "$BENCH_TMP/latency-single" "$BENCH_TMP/latency-4/merged" <<'PY' || failed=1
import json, sys
rows = []
for name, d in (("one process", sys.argv[1]), ("4 segments merged", sys.argv[2])):
    s = json.load(open(f"{d}/summary.json"))
    l = s["aggregated"]["latency_ms"]
    rows.append((name, s["totals"]["requests"], l["p50"], l["p99"]))
print("\n| known latency (uniform 1..100 ms) | requests | p50 ms (truth 50) | p99 ms (truth 99) |")
print("|---|---|---|---|")
for name, req, p50, p99 in rows:
    print(f"| {name} | {req} | {p50:.2f} | {p99:.2f} |")
# Both within 5 % of the truth (the origin's own overhead is a few hundred microseconds).
sys.exit(0 if all(abs(p50 - 50) <= 2.5 + 0.05 * 50 and abs(p99 - 99) <= 0.05 * 99 + 2 for _, _, p50, p99 in rows) else 1)
PY
if ((failed)); then echo "segments: a goal was missed (above)" >&2; exit 1; fi
echo "segments: every goal met"
