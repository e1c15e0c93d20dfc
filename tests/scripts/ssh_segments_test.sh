#!/usr/bin/env bash
# deploy/ssh/run_segments.sh run for real on this machine: two "hosts" (a stand-in ssh that runs the
# remote command with sh here, a stand-in scp that copies locally; there is no sshd on this machine) each
# run a segment of an open-model scenario against a real ragserver; the script must copy both run
# directories back, merge them, and exit with the merge's verdict; the merged run holds both segments and
# the segments' requests.
# Usage: ssh_segments_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
d=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$d" /tmp/ragbench-ssh-test-$$
}
trap cleanup EXIT
fail() { echo "ssh_segments_test: $*" >&2; exit 1; }
mkdir -p "$d/bin"
cat > "$d/bin/ssh" <<'SH'
#!/bin/sh
# Stand-in for ssh HOST COMMAND: runs COMMAND with sh on this machine, logs the host.
echo "$1" >> "$SSH_LOG"
shift
exec sh -c "$*"
SH
cat > "$d/bin/scp" <<'SH'
#!/bin/sh
# Stand-in for scp [-q] [-r] SRC DST: host:path becomes path.
set -e
r=""
while [ $# -gt 2 ]; do [ "$1" = -r ] && r=-r; shift; done
cp $r "${1#*:}" "${2#*:}"
SH
chmod +x "$d/bin/ssh" "$d/bin/scp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$build/bin/ragserver" --data-dir "$d/data" --store memory --listen "127.0.0.1:$port" > "$d/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
cat > "$d/scenario.yaml" <<YAML
name: ssh-segments
target: http://127.0.0.1:$port
seed: 3
load: {arrival_rate: 100/s, duration: 3s}
tasks:
  - {name: health, method: GET, path: /health}
YAML
rc=0
SSH="$d/bin/ssh" SCP="$d/bin/scp" SSH_LOG="$d/ssh.log" LOADGEN="$build/bin/loadgen" \
  "$src/deploy/ssh/run_segments.sh" --scenario "$d/scenario.yaml" --results "$d/results" --start-in 2 \
  --run-id "ssh-test-$$" --remote-loadgen "$build/bin/loadgen" hostA hostB -- --threads 1 > "$d/out.log" 2>&1 || rc=$?
cat "$d/out.log"
((rc == 0)) || fail "run_segments.sh exited $rc"
grep -q hostA "$d/ssh.log" && grep -q hostB "$d/ssh.log" || fail "the segments did not go to both hosts"
run="$d/results/ssh-test-$$"
python3 - "$run" <<'PY'
import json, sys
run = sys.argv[1]
merged = json.load(open(f"{run}/merged/summary.json"))
segs = [json.load(open(f"{run}/segment-{i}/summary.json")) for i in range(2)]
seg = merged["segment"]
if seg["merged_from"] != [0, 1] or seg["count"] != 2:
    sys.exit(f"ssh_segments_test: merged segment object {seg}")
if [s["settings"].get("threads") for s in segs] != ["1", "1"]:
    sys.exit(f"ssh_segments_test: the extra run options did not reach the segments: {[s['settings'] for s in segs]}")
total = sum(s["totals"]["requests"] for s in segs)
if merged["totals"]["requests"] != total or not 285 <= total <= 315:
    sys.exit(f"ssh_segments_test: merged {merged['totals']['requests']}, segments {total}, expected about 300")
print(f"ssh: 2 segments {[s['totals']['requests'] for s in segs]}, merged {total}, verdict {merged['verdict']}")
PY
echo "ssh_segments_test: pass"
