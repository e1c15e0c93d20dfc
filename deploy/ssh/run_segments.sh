#!/usr/bin/env bash
# One loadgen test over a handful of machines with ssh and no scheduler: segment I of N on the I-th host,
# all starting together, then the directories copied back and merged here (docs/loadgen-distributed.md).
#
#   run_segments.sh --scenario FILE --results DIR [--start-in SECONDS] [--run-id ID] [--remote-loadgen PATH]
#                   HOST... [-- loadgen run options...]
#
#   HOST              an ssh destination (user@host); the same host may appear several times (N segments
#                     on a big machine); segment I runs on the I-th
#   --start-in        seconds from now to the common start (default 15; the hosts' clocks must agree, NTP)
#   --run-id          the test's id (default ssh-<start time as digits>)
#   --remote-loadgen  loadgen on the hosts (default: loadgen on their PATH)
# Each host gets the scenario in /tmp/ragbench-<run id>/ (data files it names must exist there too: use
# absolute paths present on every host), runs `loadgen run --segment I/N --start-at T --run-id ID`, and its
# run directory is copied to DIR/<run id>/segment-I. Then `loadgen merge` (the local one: $LOADGEN or loadgen
# on PATH) writes DIR/<run id>/merged; this script exits with the merge's code (0 pass, 1 a KPI failed,
# 2 the segments do not merge). SSH and SCP (default ssh, scp) may name other commands with the same usage.
set -uo pipefail
scenario="" results="" start_in=15 run_id="" remote_loadgen=loadgen hosts=() extra=()
ssh_cmd=${SSH:-ssh} scp_cmd=${SCP:-scp} loadgen=${LOADGEN:-loadgen}
usage() { sed -n '5,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case "$1" in
    --scenario) scenario="${2:-}"; shift 2 ;;
    --results) results="${2:-}"; shift 2 ;;
    --start-in) start_in="${2:-}"; shift 2 ;;
    --run-id) run_id="${2:-}"; shift 2 ;;
    --remote-loadgen) remote_loadgen="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "run_segments.sh: unknown option '$1'" >&2; usage ;;
    *) hosts+=("$1"); shift ;;
  esac
done
[[ -r "$scenario" ]] || { echo "run_segments.sh: --scenario: cannot read '$scenario'" >&2; exit 2; }
[[ -n "$results" ]] || { echo "run_segments.sh: --results DIR is required" >&2; exit 2; }
((${#hosts[@]} > 0)) || { echo "run_segments.sh: name at least one host" >&2; exit 2; }
[[ "$start_in" =~ ^[0-9]+$ ]] || { echo "run_segments.sh: --start-in takes whole seconds" >&2; exit 2; }
start_at=$(date -u -d "+$start_in seconds" +%Y-%m-%dT%H:%M:%SZ)
[[ -n "$run_id" ]] || run_id="ssh-$(tr -dc 0-9 <<< "$start_at")"
[[ "$run_id" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "run_segments.sh: --run-id: letters, digits, '.', '_' and '-' only" >&2; exit 2; }
n=${#hosts[@]}
remote_dir="/tmp/ragbench-$run_id"
local_dir="$results/$run_id"
mkdir -p "$local_dir" || exit 2
q() { printf '%q ' "$@"; }  # one shell word per argument, for the remote shell
echo "run_segments: $n segments of $scenario at $start_at (run id $run_id)"

pids=()
for i in "${!hosts[@]}"; do
  h=${hosts[$i]}
  (
    "$ssh_cmd" "$h" "mkdir -p $(q "$remote_dir")" &&
      "$scp_cmd" -q "$scenario" "$h:$remote_dir/scenario-$i.yaml" || exit 2
    # A segment's own KPI failure (exit 1) still gives a result to merge.
    "$ssh_cmd" "$h" "$(q "$remote_loadgen" run "$remote_dir/scenario-$i.yaml" --segment "$i/$n" --start-at "$start_at" \
      --run-id "$run_id" --out "$remote_dir/segment-$i" --quiet ${extra[@]+"${extra[@]}"})"
    rc=$?
    "$scp_cmd" -q -r "$h:$remote_dir/segment-$i" "$local_dir/" || exit 2
    "$ssh_cmd" "$h" "rm -rf $(q "$remote_dir/segment-$i" "$remote_dir/scenario-$i.yaml")" || true
    echo "run_segments: segment $i on $h ended (exit $rc)"
  ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
"$loadgen" merge "$local_dir"/segment-* --out "$local_dir/merged"
