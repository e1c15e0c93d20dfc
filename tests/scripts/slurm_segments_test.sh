#!/usr/bin/env bash
# deploy/slurm/loadgen.sbatch for real: a one-node Slurm cluster (tests/support/slurm_cluster.sh: munged,
# slurmctld and slurmd from Debian's packages, in a temp dir on free loopback ports), a real ragserver, and
# a 4-task job (`sbatch -n 4 -O`: four segments on this machine's cores) of an open-model scenario. The
# merged result must hold all four segments, add up to what one process sends for the same schedule
# (within 0.5 %), be accepted by `loadgen report` and `loadgen compare`, and carry the job's run id.
# Usage: slurm_segments_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
source "$src/tests/support/slurm_cluster.sh"
d=$(mktemp -d)
pid=""
cleanup() {
  slurm_cluster_stop
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "slurm_segments_test: $*" >&2; exit 1; }
loadgen="$build/bin/loadgen"

port=$(slurm_free_port)
"$build/bin/ragserver" --data-dir "$d/data" --store memory --listen "127.0.0.1:$port" > "$d/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
cat > "$d/scenario.yaml" <<YAML
name: slurm-segments
target: http://127.0.0.1:$port
seed: 7
load: {arrival_rate: 200/s, duration: 5s}
tasks:
  - {name: health, method: GET, path: /health}
  - {name: search, method: POST, path: /v1/search, json: {query: "what does the cache do", k: 3}}
kpis:
  - search: error_rate < 1%
  - health: p99 < 500ms
YAML

# The reference: one process, the whole schedule.
rc=0
"$loadgen" run "$d/scenario.yaml" --quiet --out "$d/single" > "$d/single.log" 2>&1 || rc=$?
((rc <= 1)) || { cat "$d/single.log"; fail "the one-process run exited $rc"; }

slurm_cluster_start "$d/slurm"
mkdir -p "$d/results"
rc=0
LOADGEN="$loadgen" LOADGEN_START_DELAY=3 sbatch --wait --parsable -n 4 -O --chdir="$d" -o "$d/job-%j.out" \
  "$src/deploy/slurm/loadgen.sbatch" "$d/scenario.yaml" "$d/results" > "$d/jobid" 2> "$d/sbatch.err" || rc=$?
job=$(tr -dc 0-9 < "$d/jobid")
[[ -n "$job" ]] || { cat "$d/sbatch.err"; fail "sbatch did not submit the job"; }
echo "job $job ended with exit $rc"; cat "$d/job-$job.out"
((rc <= 1)) || fail "the job exited $rc"
run="$d/results/run-$job"
for i in 0 1 2 3; do [[ -s "$run/segment-$i/summary.json" ]] || fail "segment $i wrote no summary.json"; done
[[ -s "$run/merged/summary.json" && -s "$run/merged/report.html" ]] || fail "the merge wrote no result"

python3 - "$d/single/summary.json" "$run" "$job" <<'PY'
import json, sys
single = json.load(open(sys.argv[1]))
run, job = sys.argv[2], sys.argv[3]
merged = json.load(open(f"{run}/merged/summary.json"))
segs = [json.load(open(f"{run}/segment-{i}/summary.json")) for i in range(4)]
def check(ok, what):
    if not ok:
        sys.exit(f"slurm_segments_test: {what}")
seg = merged.get("segment", {})
check(seg.get("merged_from") == [0, 1, 2, 3] and seg.get("count") == 4, f"merged segment object: {seg}")
check(seg.get("run_id") == f"slurm-{job}", f"run id {seg.get('run_id')!r}, expected slurm-{job}")
for i, s in enumerate(segs):
    check(s["segment"]["index"] == i and s["segment"]["count"] == 4, f"segment {i}: {s.get('segment')}")
    check(s["segment"]["run_id"] == seg["run_id"], f"segment {i} has another run id")
total = sum(s["totals"]["requests"] for s in segs)
check(merged["totals"]["requests"] == total, f"merged {merged['totals']['requests']} requests, segments sent {total}")
one = single["totals"]["requests"]
check(abs(total - one) <= 0.005 * one, f"4 segments sent {total} requests, one process {one} (more than 0.5 % apart)")
check(merged["totals"]["failures"] == sum(s["totals"]["failures"] for s in segs), "failures do not add up")
print(f"slurm: 4 segments {[s['totals']['requests'] for s in segs]} = {total} requests, one process {one}; "
      f"merged p99 {merged['aggregated']['latency_ms']['p99']} ms, verdict {merged['verdict']}")
PY
"$loadgen" report "$run/merged" > "$d/report.txt" || fail "loadgen report refused the merged result"
rc=0
"$loadgen" compare "$d/single" "$run/merged" --out "$d/cmp" > "$d/cmp.log" 2>&1 || rc=$?
((rc <= 1)) || { cat "$d/cmp.log"; fail "loadgen compare refused the merged result (exit $rc)"; }
echo "slurm_segments_test: pass"
