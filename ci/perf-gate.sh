#!/usr/bin/env bash
# The CI performance gate. Two modes:
#   --against REF  builds REF (e.g. the merge base) in a git worktree and runs its server and this tree's
#                  interleaved on this machine (`loadgen ab`: alternating trials, a fresh server per trial,
#                  warm-up dropped), then judges them with `loadgen compare`: the hardware cancels out.
#   (default)      runs this tree's server N times and compares with the committed baseline in
#                  reports/baselines/knowledge-assistant/ (warns loudly when that came from other hardware).
# Exit: 0 pass, 1 regression (or a vanished endpoint), 2 bad input, 3 a build, server or run failed.
# Usage: ci/perf-gate.sh [--against REF] [--trials N] [--update-baseline] [--no-build] [--runs N] [--out DIR]
#                        [--repo DIR] [--build-cmd CMD] [--scenario FILE] [--profile FILE] [--docs N] [--pin]
#                        [--baseline DIR]
#   --baseline DIR   the committed baseline's folder of runs (default reports/baselines/knowledge-assistant)
#   --build-cmd CMD  builds a server: run as `CMD SRC_DIR OUT_DIR`, must leave OUT_DIR/ragserver (default: cmake
#                    with ccache, RelWithDebInfo, target ragserver; REF builds in build-ref/ of the repo)
#   --repo DIR       the git repository of REF and the candidate's sources (default: this checkout)
#   --pin            loadgen on CPU 0, the servers on the last CPU (taskset); RAGBENCH_BIN_DIR picks loadgen
# Method, tolerances and the workflow: docs/loadgen-compare.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
baseline="reports/baselines/knowledge-assistant"
scenario=scenarios/knowledge_assistant.yaml profile="$baseline/profile.yaml"
runs=6 trials=6 docs=100 out=reports/runs/perf-gate update=0 build=1 against="" repo="$here" build_cmd="" pin=0
source ci/lib/gate_tolerances.sh  # gate_tolerances=(...), measured by bench/gate_calibration.sh
while (($#)); do
  case "$1" in
    --against) against="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    --update-baseline) update=1; shift ;;
    --no-build) build=0; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --repo) repo="$(cd "$2" && pwd)"; shift 2 ;;
    --build-cmd) build_cmd="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --docs) docs="$2"; shift 2 ;;
    --pin) pin=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "perf-gate: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "perf-gate: --runs must be 1..99" >&2; exit 2; }
[[ "$trials" =~ ^[1-9][0-9]?$ ]] || { echo "perf-gate: --trials must be 1..99" >&2; exit 2; }
[[ "$docs" =~ ^[0-9]+$ ]] || { echo "perf-gate: --docs must be a number" >&2; exit 2; }
if [[ -n "$against" && "$update" == 1 ]]; then echo "perf-gate: --update-baseline needs the committed-baseline mode" >&2; exit 2; fi

bin="${RAGBENCH_BIN_DIR:-build/bin}"
if ((build)) && [[ -z "$build_cmd" || -z "$against" ]]; then bash ci/build.sh release; fi
[[ -x "$bin/loadgen" ]] || { echo "perf-gate: $bin/loadgen not found (build first or set RAGBENCH_BIN_DIR)" >&2; exit 3; }
if ((docs > 0)) && [[ ! -f build/corpus/documents.jsonl ]]; then
  python3 scenarios/data/make_corpus.py --out build/corpus >/dev/null
fi
loadgen=("$bin/loadgen")
server_pin=()
if ((pin)); then
  last=$(( $(nproc) - 1 ))
  loadgen=(taskset -c 0 "$bin/loadgen")
  server_pin=(taskset -c "$last")
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# judge BASELINE_ARGS... : loadgen compare with the gate's tolerances; prints its table, writes the files to
# $out, repeats its warnings at the end (they matter), and exits with its code.
judge() {
  local rc=0
  "${loadgen[@]}" compare "$@" "${gate_tolerances[@]}" --out "$out" | tee "$out/compare.txt" || rc=${PIPESTATUS[0]}
  if grep -q '^WARNING:' "$out/compare.txt"; then
    echo "perf-gate: *** read the warnings: ***" >&2
    grep '^WARNING:' "$out/compare.txt" | sed 's/^/perf-gate: /' >&2
  fi
  echo "perf-gate: compare.md, compare.json, junit.xml and compare.html in $out/"
  exit "$rc"
}

if [[ -n "$against" ]]; then
  source ci/lib/perf_gate_against.sh
  gate_against
fi

# ---- committed-baseline mode ----
for b in ragserver loadgen; do
  [[ -x "$bin/$b" ]] || { echo "perf-gate: $bin/$b not found (build first or set RAGBENCH_BIN_DIR)" >&2; exit 3; }
done
work=$(mktemp -d /tmp/ragbench-perf-gate-XXXXXX)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
"${server_pin[@]}" ci/lib/gate_server.sh "$bin/ragserver" "$work/data" "$docs" ${PERF_GATE_SERVER_ARGS:-} \
  > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^gate server listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/server.out" 2>/dev/null | head -1)
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "perf-gate: the server exited:" >&2; cat "$work/server.err" >&2; exit 3; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "perf-gate: the server did not report its address" >&2; exit 3; }
echo "perf-gate: server on $url with $docs documents"

run_once() {  # run_once DIR
  local rc=0
  "${loadgen[@]}" run "$scenario" --profile "$profile" --target "$url" --out "$1" --quiet > "$work/loadgen.out" 2>&1 || rc=$?
  # Exit 1 is a failed KPI: still a result to compare. Anything else is a broken run.
  if ((rc != 0 && rc != 1)); then
    echo "perf-gate: loadgen run failed (exit $rc):" >&2
    cat "$work/loadgen.out" >&2
    exit 3
  fi
}

echo "perf-gate: warm-up run (discarded)"
run_once "$work/warmup"
rm -rf "$out/candidate" "$out/compare.md" "$out/compare.json" "$out/junit.xml"
mkdir -p "$out/candidate"
for i in $(seq 1 "$runs"); do
  echo "perf-gate: run $i of $runs"
  run_once "$out/candidate/run-$i"
done

if ((update)); then
  mkdir -p "$baseline"
  find "$baseline" -mindepth 1 -maxdepth 1 -type d -name 'run-*' -exec rm -rf {} +
  for i in $(seq 1 "$runs"); do
    mkdir -p "$baseline/run-$i"
    cp "$out/candidate/run-$i/histograms.json" "$out/candidate/run-$i/summary.json" "$baseline/run-$i/"
  done
  echo "perf-gate: baseline $baseline replaced with $runs runs (commit it)"
  exit 0
fi
judge --baseline "$baseline" --candidate "$out/candidate"
