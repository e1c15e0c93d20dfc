#!/usr/bin/env bash
# Prints the Kubernetes objects of one distributed loadgen test, ready for `kubectl apply -f -`:
# the scenario as a ConfigMap, the results volume claim, the Indexed Job of N segments and the merge Job
# (apply that one after the segments completed). The objects are this folder's manifests with the values
# below filled in (docs/loadgen-distributed.md).
#   render.sh --segments N --scenario FILE [--start-in SECONDS | --start-at TIME] [--run-id ID]
#             [--image IMAGE] [--part all|setup|segments|merge]
#   --start-in      seconds from now to the common start (default 120: pods scheduled and images pulled)
#   --start-at      the start as RFC 3339 UTC, e.g. 2026-12-05T12:00:00Z (instead of --start-in)
#   --run-id        the test's id (default: loadgen-<start time as digits>)
#   --image         the loadgen image (default ragbench-loadgen:latest; deploy/container/Containerfile)
#   --part          setup = ConfigMap + claim, segments = the Indexed Job, merge = the merge Job (default all)
# Needs kubectl (client only: `kubectl create configmap --dry-run=client` embeds the scenario).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
segments="" scenario="" start_in=120 start_at="" run_id="" image="ragbench-loadgen:latest" part=all
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case "$1" in
    --segments) segments="${2:-}"; shift 2 ;;
    --scenario) scenario="${2:-}"; shift 2 ;;
    --start-in) start_in="${2:-}"; shift 2 ;;
    --start-at) start_at="${2:-}"; shift 2 ;;
    --run-id) run_id="${2:-}"; shift 2 ;;
    --image) image="${2:-}"; shift 2 ;;
    --part) part="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "render.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$segments" =~ ^[1-9][0-9]*$ ]] || { echo "render.sh: --segments takes a positive integer" >&2; exit 2; }
[[ -r "$scenario" ]] || { echo "render.sh: --scenario: cannot read '$scenario'" >&2; exit 2; }
[[ "$start_in" =~ ^[0-9]+$ ]] || { echo "render.sh: --start-in takes whole seconds" >&2; exit 2; }
[[ "$part" =~ ^(all|setup|segments|merge)$ ]] || { echo "render.sh: --part is all, setup, segments or merge" >&2; exit 2; }
if [[ -z "$start_at" ]]; then start_at=$(date -u -d "+$start_in seconds" +%Y-%m-%dT%H:%M:%SZ); fi
[[ "$start_at" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] ||
  { echo "render.sh: --start-at must look like 2026-12-05T12:00:00Z (UTC)" >&2; exit 2; }
[[ -n "$run_id" ]] || run_id="loadgen-$(tr -dc 0-9 <<< "$start_at")"
[[ "$run_id" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "render.sh: --run-id: letters, digits, '.', '_' and '-' only" >&2; exit 2; }

# The manifests' placeholder values (as committed) replaced by this test's.
fill() {
  sed -e "s|completions: 4|completions: $segments|; s|parallelism: 4|parallelism: $segments|" \
      -e "s|{name: SEGMENTS, value: \"4\"}|{name: SEGMENTS, value: \"$segments\"}|" \
      -e "s|{name: START_AT, value: \"[^\"]*\"}|{name: START_AT, value: \"$start_at\"}|" \
      -e "s|{name: RUN_ID, value: \"[^\"]*\"}|{name: RUN_ID, value: \"$run_id\"}|" \
      -e "s|image: ragbench-loadgen:latest|image: $image|" "$1"
}
if [[ "$part" == all || "$part" == setup ]]; then
  kubectl create configmap loadgen-scenario --from-file=scenario.yaml="$scenario" --dry-run=client -o yaml
  echo "---"
  cat "$here/results-pvc.yaml"
fi
if [[ "$part" == all || "$part" == segments ]]; then
  [[ "$part" == all ]] && echo "---"
  fill "$here/segments-job.yaml"
fi
if [[ "$part" == all || "$part" == merge ]]; then
  [[ "$part" == all ]] && echo "---"
  fill "$here/merge-job.yaml"
fi
echo "render.sh: $segments segments starting at $start_at, run id $run_id" >&2
