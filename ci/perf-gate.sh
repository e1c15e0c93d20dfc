#!/usr/bin/env bash
# The CI performance gate: build, start ragserver (SQLite store in a temp dir, --llm-scale 0), load a small
# corpus, run scenarios/knowledge_assistant.yaml with the gate's fixed profile (one discarded warm-up run,
# then N measured runs), compare them with `loadgen compare` against the committed baseline in
# reports/baselines/knowledge-assistant/ and exit with its verdict (0 pass, 1 regression, 2 bad input,
# 3 the server or a run failed). --update-baseline replaces the baseline with this run's results.
# Usage: ci/perf-gate.sh [--update-baseline] [--no-build] [--runs N] [--out DIR]
#   RAGBENCH_BIN_DIR (default build/bin) picks the ragserver and loadgen binaries; PERF_GATE_SERVER_ARGS adds
#   ragserver flags (e.g. "--llm-scale 0.01" to see the gate catch a slower server).
# Method and tolerances: docs/loadgen-compare.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name=knowledge-assistant
baseline="reports/baselines/$name"
scenario=scenarios/knowledge_assistant.yaml
profile="$baseline/profile.yaml"
runs=3
docs=100
out=reports/runs/perf-gate
update=0
build=1
# Wider than compare's defaults: a shared CI machine drifts between runs and days (see the docs).
tolerances=(--tolerance latency=30% --min-abs-ms 0.5 --tolerance rps=10% --tolerance errors=0.5%)
while (($#)); do
  case "$1" in
    --update-baseline) update=1; shift ;;
    --no-build) build=0; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "perf-gate: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "perf-gate: --runs must be 1..99" >&2; exit 2; }

if ((build)); then
  bash ci/build.sh release
fi
bin="${RAGBENCH_BIN_DIR:-build/bin}"
for b in ragserver loadgen; do
  [[ -x "$bin/$b" ]] || { echo "perf-gate: $bin/$b not found (build first or set RAGBENCH_BIN_DIR)" >&2; exit 3; }
done
corpus=build/corpus
if [[ ! -f "$corpus/documents.jsonl" ]]; then
  python3 scenarios/data/make_corpus.py --out "$corpus" >/dev/null
fi

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

"$bin/ragserver" --listen 127.0.0.1:0 --data-dir "$work/data" --store sqlite --llm-scale 0 \
  ${PERF_GATE_SERVER_ARGS:-} > "$work/ragserver.out" 2> "$work/ragserver.log" &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^ragserver listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/ragserver.out" 2>/dev/null | head -1)
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "perf-gate: ragserver exited:" >&2; cat "$work/ragserver.log" >&2; exit 3; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "perf-gate: ragserver did not report its address" >&2; exit 3; }
echo "perf-gate: ragserver on $url; loading $docs documents"
python3 ci/load_corpus.py "$url" "$corpus" --max-docs "$docs" --quiet

run_once() {  # run_once DIR
  local rc=0
  "$bin/loadgen" run "$scenario" --profile "$profile" --target "$url" --out "$1" --quiet > "$work/loadgen.out" 2>&1 || rc=$?
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
  find "$baseline" -mindepth 1 -maxdepth 1 -type d -name 'run-*' -exec rm -rf {} +
  for i in $(seq 1 "$runs"); do
    mkdir -p "$baseline/run-$i"
    cp "$out/candidate/run-$i/histograms.json" "$out/candidate/run-$i/summary.json" "$baseline/run-$i/"
  done
  echo "perf-gate: baseline $baseline replaced with $runs runs (commit it)"
  exit 0
fi

set +e
"$bin/loadgen" compare --baseline "$baseline" --candidate "$out/candidate" "${tolerances[@]}" --out "$out"
verdict=$?
set -e
echo "perf-gate: compare.md, compare.json and junit.xml in $out/"
exit $verdict
