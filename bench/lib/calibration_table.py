#!/usr/bin/env python3
"""The table of bench/gate_calibration.sh: per slowdown and judging mode, how many pairs the gate failed
(compare exit 1), how many it called inconclusive, and the measured change of the median latency.

usage: calibration_table.py OUT_DIR --runs N --seconds S --tolerances TEXT --median-ms MS
Reads OUT_DIR/slow-*/pair-*/{many,one,one-noise}/{compare.json,exit_code} and OUT_DIR/reference/trial-*/summary.json.
Writes OUT_DIR/calibration.json and prints the Markdown table.
"""
import argparse
import glob
import json
import math
import os
import statistics


def load_pair(pair_dir, mode):
    d = os.path.join(pair_dir, mode)
    with open(os.path.join(d, "compare.json")) as f:
        cmp = json.load(f)
    with open(os.path.join(d, "exit_code")) as f:
        code = int(f.read().strip())
    rows = [(e["name"], m) for e in cmp["endpoints"] for m in e["metrics"]]
    p50 = next((m for name, m in rows if name == "all" and m["metric"] == "p50"), None)
    return {
        "exit_code": code,
        "verdict": cmp["verdict"],
        "worse": sorted({f"{n} {m['metric']}" for n, m in rows if m["verdict"] in ("worse", "missing")}),
        "inconclusive": sum(1 for _, m in rows if m["verdict"] == "inconclusive"),
        "p50_change": p50["change"] if p50 and p50["change"] is not None else None,
    }


def run_noise(reference):
    """Standard deviation (as a relative figure) of one run's all p50 / p95 / p99 over the reference runs."""
    values = {"p50": [], "p95": [], "p99": []}
    for f in sorted(glob.glob(os.path.join(reference, "trial-*", "summary.json"))):
        with open(f) as fh:
            lat = json.load(fh)["aggregated"]["latency_ms"]
        for k in values:
            values[k].append(math.log(max(lat[k], 1e-6)))
    return {k: (math.expm1(statistics.stdev(v)) if len(v) >= 2 else None) for k, v in values.items()}, len(values["p50"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--seconds", type=int, required=True)
    ap.add_argument("--tolerances", required=True)
    ap.add_argument("--median-ms", type=float, required=True)
    a = ap.parse_args()
    modes = [("many", f"{a.runs} runs per side")]
    if a.runs > 3:
        modes.append(("three", "3 runs per side"))
    modes += [("one", "1 run per side"), ("one-noise", "1 run per side, --noise-from")]
    results, lines = {}, []
    lines.append("| candidate | judged on | pairs | gate failed (exit 1) | rate | inconclusive pairs "
                 "| median change of all p50 | metrics that failed |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|")
    for slow_dir in sorted(glob.glob(os.path.join(a.out, "slow-*")), key=lambda p: int(p.rsplit("-", 1)[1])):
        slowdown = int(slow_dir.rsplit("-", 1)[1])
        pair_dirs = sorted(glob.glob(os.path.join(slow_dir, "pair-*")), key=lambda p: int(p.rsplit("-", 1)[1]))
        for mode, label in modes:
            pairs = [load_pair(p, mode) for p in pair_dirs]
            failed = sum(1 for p in pairs if p["exit_code"] == 1)
            inconclusive = sum(1 for p in pairs if p["verdict"] == "inconclusive")
            changes = [p["p50_change"] for p in pairs if p["p50_change"] is not None]
            metrics = {}
            for p in pairs:
                for m in p["worse"]:
                    metrics[m] = metrics.get(m, 0) + 1
            top = ", ".join(f"{m} ({n})" for m, n in sorted(metrics.items(), key=lambda kv: -kv[1])[:4]) or "-"
            kind = "A/A" if slowdown == 0 else f"+{slowdown} % slower"
            what = "false alarms" if slowdown == 0 else "detected"
            rate = 100.0 * failed / len(pairs) if pairs else 0.0
            median = f"{statistics.median(changes) * 100:+.1f} %" if changes else "-"
            lines.append(f"| {kind} | {label} | {len(pairs)} | {failed} {what} | {rate:.0f} % | {inconclusive} "
                         f"| {median} | {top} |")
            results.setdefault(str(slowdown), {})[mode] = {"pairs": pairs, "failed": failed, "rate": rate,
                                                           "inconclusive": inconclusive}
    noise, reference_runs = run_noise(os.path.join(a.out, "reference"))
    with open(os.path.join(a.out, "load_start.txt")) as f:
        load_start = f.read().strip()
    with open(os.path.join(a.out, "load_end.txt")) as f:
        load_end = f.read().strip()
    noise_text = ", ".join(f"{k} ±{v * 100:.1f} %" for k, v in noise.items() if v is not None)
    print(f"Gate calibration: {a.runs} interleaved runs per side, tolerances `{a.tolerances}`; "
          f"base median latency {a.median_ms:.3f} ms; run-to-run noise of one run over {reference_runs} "
          f"reference runs: {noise_text}; took {a.seconds // 60} min {a.seconds % 60} s.\n")
    print(f"Load: at the start `{load_start}`; at the end `{load_end}`.\n")
    print("\n".join(lines))
    with open(os.path.join(a.out, "calibration.json"), "w") as f:
        json.dump({"runs": a.runs, "tolerances": a.tolerances, "median_ms": a.median_ms, "seconds": a.seconds,
                   "run_noise": noise, "reference_runs": reference_runs, "load_start": load_start,
                   "load_end": load_end, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
