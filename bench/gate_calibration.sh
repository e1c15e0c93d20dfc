#!/usr/bin/env bash
# Calibrates the regression gate on real runs on this machine: how often does `loadgen compare` (with the
# gate's tolerances, ci/lib/gate_tolerances.sh) cry wolf on A/A pairs, and how often does it catch a server
# slowed by a known amount? Each pair is one `loadgen ab` experiment (the machinery of ci/perf-gate.sh
# --against): RUNS interleaved trials per side, a fresh ragserver per trial with DOCS documents, warm-up
# dropped, loadgen and the servers pinned to different CPUs. The candidate server burns an extra 0 %, 20 %
# or 50 % of the base's median request latency in CPU per request (ragserver --extra-work), i.e. about
# +0/+20/+50 % at the median. Each pair is judged four ways: RUNS vs RUNS trials (the gate's default 6);
# the first 3 trials of each side; the first trial of each side alone (1 vs 1); and 1 vs 1 with --noise-from
# runs measured first (the between-run spread of an earlier A/A experiment). Prints the table (also
# calibration.md) and writes calibration.json. About 57 minutes with the defaults (6 runs, 3 slowdowns).
# Usage: bench/gate_calibration.sh [--pairs 20] [--runs 6] [--duration 3s] [--rate 300] [--docs 100]
#                                  [--out DIR] [--bin-dir DIR] [--smoke] [--rejudge DIR] [--slowdowns "0 20 50"]
#   --slowdowns: the candidates' slowdowns in % (0 = A/A), e.g. "50" to measure only the detection of +50 %.
#   --smoke: 2 pairs, 2 runs per side, 1 s runs, 20 documents: checks the script end to end in about a minute.
#   --rejudge DIR: judge the runs of an earlier calibration in DIR again (after a change to compare), no new runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pairs=20 runs=6 duration=3s rate=300 docs=100 out="" bin="$root/build/bin" warmup=1s rejudge=0 slowdowns="0 20 50"
while (($#)); do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --docs) docs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --bin-dir) bin="$2"; shift 2 ;;
    --smoke) pairs=2 runs=2 duration=1s docs=20 warmup=500ms; shift ;;
    --rejudge) rejudge=1 out="$2"; shift 2 ;;
    --slowdowns) slowdowns="${2//,/ }"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gate_calibration: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$pairs" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "gate_calibration: bad --pairs/--runs" >&2; exit 2; }
[[ "$slowdowns" =~ ^\ *[0-9]{1,3}(\ +[0-9]{1,3})*\ *$ ]] || { echo "gate_calibration: --slowdowns takes percentages, e.g. \"0 20 50\"" >&2; exit 2; }
source "$root/ci/lib/gate_tolerances.sh"
for b in ragserver loadgen; do
  [[ -x "$bin/$b" ]] || { echo "gate_calibration: $bin/$b not found (build first)" >&2; exit 3; }
done
if ((docs > 0)) && [[ ! -f "$root/build/corpus/documents.jsonl" ]]; then
  python3 "$root/scenarios/data/make_corpus.py" --out "$root/build/corpus" >/dev/null
fi
out="${out:-$root/reports/runs/gate-calibration-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cores=$(nproc)
loadgen=("$bin/loadgen") pin=""
if ((cores >= 2)); then loadgen=(taskset -c 0 "$bin/loadgen"); pin="taskset -c $((cores - 1)) "; fi
cat > "$out/profile.yaml" <<EOF
description: gate calibration, open model ${rate}/s for ${duration} measured
load: {arrival_rate: ${rate}/s, duration: ${duration}, max_connections: 32}
EOF
server() {  # server EXTRA_ARGS... -> an ab side command
  echo "${pin}$root/ci/lib/gate_server.sh $bin/ragserver {data_dir} $docs $*"
}
ab() {  # ab DIR SEED B_EXTRA_ARGS...
  local dir="$1" seed="$2"; shift 2
  "${loadgen[@]}" ab "$root/scenarios/knowledge_assistant.yaml" --profile "$out/profile.yaml" --warmup "$warmup" \
    --trials "$runs" --seed "$seed" --a "$(server)" --b "$(server "$@")" --out "$dir" > "$dir.txt" 2>&1 || {
    local rc=$?
    if ((rc != 1)); then echo "gate_calibration: loadgen ab failed (exit $rc), see $dir.txt" >&2; tail -5 "$dir.txt" >&2; exit 3; fi
  }
}
judge() {  # judge OUT_DIR ARGS...: compare with the gate's settings; records the exit code next to compare.json
  local dir="$1" rc=0; shift
  "$bin/loadgen" compare "$@" "${gate_tolerances[@]}" --out "$dir" > "$dir.txt" 2>&1 || rc=$?
  ((rc <= 1)) || { echo "gate_calibration: compare failed (exit $rc), see $dir.txt" >&2; exit 3; }
  echo "$rc" > "$dir/exit_code"
}
sides() {  # sides AB_DIR COUNT: --baseline/--candidate arguments for the first COUNT trials of each side
  local n=0
  for d in "$1"/trial-*-A; do ((n++ < $2)) && printf -- '--baseline\n%s\n' "$d"; done
  n=0
  for d in "$1"/trial-*-B; do ((n++ < $2)) && printf -- '--candidate\n%s\n' "$d"; done
}
judge_all() {  # judge_all PAIR_DIR: RUNS vs RUNS, 3 vs 3 (when RUNS > 3), 1 vs 1, 1 vs 1 with --noise-from
  local many one three
  mapfile -t many < <(sides "$1/ab" "$runs")
  mapfile -t one < <(sides "$1/ab" 1)
  judge "$1/many" "${many[@]}"
  if ((runs > 3)); then
    mapfile -t three < <(sides "$1/ab" 3)
    judge "$1/three" "${three[@]}"
  fi
  judge "$1/one" "${one[@]}"
  judge "$1/one-noise" "${one[@]}" --noise-from "$out/noise"
}

if ((rejudge)); then
  [[ -f "$out/calibration.json" ]] || { echo "gate_calibration: $out holds no calibration" >&2; exit 2; }
  read -r runs median_ms seconds < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["runs"], d["median_ms"], d["seconds"])' "$out/calibration.json")
  for dir in "$out"/slow-*/pair-*; do
    judge_all "$dir"
  done
  python3 "$root/bench/lib/calibration_table.py" "$out" --runs "$runs" --seconds "$seconds" \
    --tolerances "${gate_tolerances[*]}" --median-ms "$median_ms" | tee "$out/calibration.md"
  exit 0
fi

started=$(date +%s)
echo "gate_calibration: load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $cores cores; out $out" >&2
uptime > "$out/load_start.txt"
echo "gate_calibration: reference A/A runs for --noise-from and the median latency" >&2
ab "$out/reference" 1000
mkdir -p "$out/noise"
for d in "$out"/reference/trial-*; do ln -sfn "$d" "$out/noise/$(basename "$d")"; done
median_ms=$(python3 - "$out/reference" <<'EOF'
import glob, json, math, sys
p50 = [json.load(open(f))["aggregated"]["latency_ms"]["p50"] for f in glob.glob(sys.argv[1] + "/trial-*/summary.json")]
print(math.exp(sum(math.log(x) for x in p50) / len(p50)))
EOF
)
echo "gate_calibration: base median latency ${median_ms} ms" >&2

for slowdown in $slowdowns; do
  work_us=$(python3 -c "print(max(0, round($median_ms * 1000 * $slowdown / 100)))")
  extra=()
  ((slowdown > 0)) && extra=(--extra-work "${work_us}us")
  for i in $(seq 1 "$pairs"); do
    dir="$out/slow-$slowdown/pair-$i"
    mkdir -p "$dir"
    echo "gate_calibration: +$slowdown% (extra work ${work_us} us), pair $i of $pairs, load $(cut -d' ' -f1 /proc/loadavg)" >&2
    ab "$dir/ab" "$((slowdown * 1000 + i))" "${extra[@]}"
    judge_all "$dir"
  done
done
uptime > "$out/load_end.txt"
python3 "$root/bench/lib/calibration_table.py" "$out" --runs "$runs" --seconds "$(( $(date +%s) - started ))" \
  --tolerances "${gate_tolerances[*]}" --median-ms "$median_ms" | tee "$out/calibration.md"
