#!/usr/bin/env bash
# deploy/kubernetes without a cluster (there is none on this machine): render.sh's output parses as YAML
# into the objects docs/loadgen-distributed.md describes (the scenario's ConfigMap, the claim, an Indexed
# Job of N segments, the merge Job), and the pod commands, run by /bin/sh exactly as the container would
# with a stand-in `loadgen` that records its arguments, are the ones the docs show: pod I runs
# `loadgen run /scenario/scenario.yaml --segment I/N --start-at T --run-id ID --out /results/ID/segment-I
# --quiet`, a segment's own KPI failure (exit 1) completes the pod, a broken run (exit 2) fails it.
# Usage: kubernetes_manifests_test.sh SOURCE_DIR
set -euo pipefail
src="$1"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
command -v kubectl >/dev/null || { echo "kubernetes_manifests_test: kubectl is missing (bash ci/setup.sh)"; exit 1; }
mkdir -p "$d/bin"
cat > "$d/bin/loadgen" <<'SH'
#!/bin/sh
# Stand-in: records its arguments, one per line, and exits with $FAKE_EXIT.
for a in "$@"; do printf '%s\n' "$a"; done > "$ARGS_FILE"
exit "${FAKE_EXIT:-0}"
SH
chmod +x "$d/bin/loadgen"
"$src/deploy/kubernetes/render.sh" --segments 3 --scenario "$src/scenarios/knowledge_assistant.yaml" \
  --start-at 2026-12-05T12:00:00Z --run-id search-1 --image registry.example/ragbench-loadgen:1 > "$d/all.yaml"
sc="$src/scenarios/knowledge_assistant.yaml"
for bad in "--segments 0 --scenario $sc" "--segments 2 --scenario /nonexistent" "--segments 2 --scenario $sc --start-at tomorrow"; do
  # shellcheck disable=SC2086
  if "$src/deploy/kubernetes/render.sh" $bad > /dev/null 2>&1; then echo "kubernetes_manifests_test: render.sh accepted $bad"; exit 1; fi
done
python3 - "$d/all.yaml" "$src/scenarios/knowledge_assistant.yaml" "$d" "$src/docs/loadgen-distributed.md" <<'PY'
import os, subprocess, sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
scenario, tmp, guide = open(sys.argv[2]).read(), sys.argv[3], open(sys.argv[4]).read()
def check(ok, what):
    if not ok:
        sys.exit(f"kubernetes_manifests_test: {what}")
kinds = [(o["kind"], o["metadata"]["name"]) for o in docs]
check(kinds == [("ConfigMap", "loadgen-scenario"), ("PersistentVolumeClaim", "loadgen-results"),
                ("Job", "loadgen-segments"), ("Job", "loadgen-merge")], f"objects {kinds}")
cm, pvc, seg, merge = docs
check(cm["data"]["scenario.yaml"] == scenario, "the ConfigMap does not hold the scenario as written")
check("ReadWriteMany" in pvc["spec"]["accessModes"], "the results claim is not ReadWriteMany")
spec = seg["spec"]
check(spec["completionMode"] == "Indexed" and spec["completions"] == 3 and spec["parallelism"] == 3,
      f"segments Job: {spec['completionMode']} {spec['completions']}/{spec['parallelism']}")
check(spec["backoffLimit"] == 0 and spec["template"]["spec"]["restartPolicy"] == "Never", "a failed segment would be retried")
def run_pod(job, index, fake_exit):
    c = job["spec"]["template"]["spec"]["containers"][0]
    check(c["image"] == "registry.example/ragbench-loadgen:1", f"image {c['image']}")
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in job["spec"]["template"]["spec"]["volumes"]}
    check(volumes[mounts["/results"]]["persistentVolumeClaim"]["claimName"] == "loadgen-results", "results volume")
    env = {"PATH": f"{tmp}/bin:/usr/bin:/bin", "ARGS_FILE": f"{tmp}/args", "FAKE_EXIT": str(fake_exit)}
    env.update({e["name"]: e["value"] for e in c.get("env", [])})
    if index is not None:
        env["JOB_COMPLETION_INDEX"] = str(index)  # set by Kubernetes in an Indexed Job's pods
    rc = subprocess.run(c["command"] + c["args"], env=env).returncode
    return rc, open(f"{tmp}/args").read().split("\n")[:-1]
for i in range(3):
    rc, argv = run_pod(seg, i, 0)
    want = ["run", "/scenario/scenario.yaml", "--segment", f"{i}/3", "--start-at", "2026-12-05T12:00:00Z",
            "--run-id", "search-1", "--out", f"/results/search-1/segment-{i}", "--quiet"]
    check(rc == 0 and argv == want, f"pod {i}: exit {rc}, loadgen {argv}")
    mounts = {m["mountPath"] for m in seg["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]}
    check("/scenario" in mounts, "the scenario is not mounted at /scenario")
check(run_pod(seg, 1, 1)[0] == 0, "a segment whose own KPI failed (exit 1) fails its pod")
check(run_pod(seg, 1, 2)[0] == 2, "a broken segment run (exit 2) completes its pod")
rc, argv = run_pod(merge, None, 1)
check(rc == 1 and argv == ["merge", "/results/search-1/segment-*", "--out", "/results/search-1/merged"],
      f"merge pod: exit {rc}, loadgen {argv}")
# The guide shows pod 2's command line as it runs.
shown = ("loadgen run /scenario/scenario.yaml --segment 2/3 --start-at 2026-12-05T12:00:00Z --run-id search-1 "
         "--out /results/search-1/segment-2 --quiet")
check(shown in guide, "docs/loadgen-distributed.md does not show pod 2's command: " + shown)
print("kubernetes_manifests_test: 4 objects, 3 pod commands and the merge checked")
PY
