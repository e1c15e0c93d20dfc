#!/usr/bin/env bash
# A cache warming up, seen from both sides: ragserver starts with a cold LRU cache and a simulated LLM
# at its default speed (a miss waits for the whole answer; a hit answers from the cache), and loadgen
# sends RATE queries/s drawn at random from QUERIES distinct ones, scraping ragserver's /metrics every
# 5 s (`--scrape`). Per 5 s window it prints the LRU tier's hit ratio (scraped: hits / lookups in the
# window), the client's p50 and p95 (loadgen's progress line for the window) and the server's own p95
# of /v1/query (scraped histogram, quantile of the window's bucket deltas). As the distinct queries
# get cached, the hit ratio rises and the percentiles fall: p50 once half the lookups hit, p95 once 95 %
# do. The run directory (report.md with its "Server metrics" table, server_metrics.json) is kept in
# reports/runs/scrape-warmup-<time>/.
# Usage: bench/scrape_warmup.sh [--smoke] [--rate R] [--queries N] [--duration SECONDS]
#   default: 20/s over 200 queries for 60 s; --smoke: 12 s over 40 queries (for the test suite).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
rate=20 queries=200 duration=60 smoke=0
while (($#)); do
  case "$1" in
    --smoke) smoke=1 rate=20 queries=40 duration=12; shift ;;
    --rate) rate="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "scrape_warmup: unknown argument $1 (usage in the script's header)" >&2; exit 2 ;;
  esac
done
for v in "$rate" "$queries" "$duration"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "scrape_warmup: --rate, --queries and --duration take positive integers" >&2; exit 2; }
done
[[ -x "$BIN/ragserver" && -x "$BIN/loadgen" ]] || { echo "scrape_warmup: build first (ci/build.sh)" >&2; exit 1; }

port="$(free_port)"
start_ragserver "$port" 1 --cache lru
base="http://127.0.0.1:$port"
# A few documents to retrieve from (the answers cite them).
for f in "$ROOT"/scenarios/feeds/sample_doc.md; do
  python3 -c 'import json,sys; print(json.dumps({"title": "sample", "content": open(sys.argv[1]).read()}))' "$f" |
    curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$base/v1/documents"
done
# QUERIES distinct queries: the shipped ones, each asked in several variants.
python3 - "$ROOT/scenarios/feeds/queries.csv" "$queries" > "$BENCH_TMP/queries.csv" <<'PY'
import csv, sys
base = [row["text"] for row in csv.DictReader(open(sys.argv[1]))]
n = int(sys.argv[2])
print("text")
for i in range(n):
    text = base[i % len(base)] + ("" if i < len(base) else f" (variant {i // len(base)})")
    print('"' + text.replace('"', '""') + '"')
PY

cat > "$BENCH_TMP/warmup.yaml" <<YAML
name: scrape-warmup
target: $base
load: {arrival_rate: $rate/s, duration: ${duration}s}
data: {queries: {csv: $BENCH_TMP/queries.csv, pick: random}}
tasks:
  - {name: query, method: POST, path: /v1/query, json: {query: "{{queries.text}}"}, timeout: 30s}
scrape:
  interval: 5s
  series:
    - defaults
    - {name: query_seconds, metric: http_request_duration_seconds, match: {route: /v1/query}, quantiles: [0.5, 0.95]}
kpis:
  - server: cache_hit_ratio{tier=lru} >= 0.5 after $((duration / 2))s
YAML

out="$ROOT/reports/runs/scrape-warmup-$(date -u +%Y%m%d-%H%M%S)"
[[ $smoke -eq 1 ]] && out="$BENCH_TMP/run"
status=0
taskset -c 0 "$BIN/loadgen" run "$BENCH_TMP/warmup.yaml" --scrape "$base/metrics" --out "$out" \
  --progress-interval 5s --threads 1 > "$BENCH_TMP/loadgen.out" 2> "$BENCH_TMP/loadgen.err" || status=$?
if [[ ! -f "$out/server_metrics.json" ]]; then
  echo "scrape_warmup: loadgen wrote no server_metrics.json (exit $status)" >&2
  cat "$BENCH_TMP/loadgen.err" >&2
  exit 1
fi

echo "scrape_warmup: ragserver (cold LRU cache, default LLM speed) at $rate queries/s over $queries distinct queries" \
     "for ${duration}s; loadgen --scrape every 5 s"
python3 - "$BENCH_TMP/loadgen.err" "$out/server_metrics.json" <<'PY'
import json, re, sys
windows = {}  # end second -> client figures
for line in open(sys.argv[1]):
    m = re.search(r"\[\s*(\d+)s/\d+s\].*?p50 ([\d.]+)ms\s+p95 ([\d.]+)ms", line)
    if m:
        windows[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
series = {s["name"]: s["points"] for s in json.load(open(sys.argv[2]))["series"]}
def at(name, end):  # the scraped point closest to a window's end (scrapes every 5 s from the start)
    pts = [v for t, v in series.get(name, []) if abs(t - end) < 2.5]
    return pts[0] if pts else None
hit, server_p95 = "cache_hit_ratio{tier=lru}", "query_seconds_p95"
print(f"{'window':>9} {'hit ratio (lru)':>16} {'client p50 ms':>14} {'client p95 ms':>14} {'server p95 ms':>14}")
rows = []
for end in sorted(windows):
    h, s = at(hit, end), at(server_p95, end)
    p50, p95 = windows[end]
    rows.append((end, h, p50, p95))
    print(f"{end - 5:>3}-{end:<3}s  {'-' if h is None else f'{h:.2f}':>16} {p50:>14.1f} {p95:>14.1f} "
          f"{'-' if s is None else f'{s * 1000:.1f}':>14}")
if not series.get(hit):
    sys.exit("scrape_warmup: no cache_hit_ratio series was scraped")
first = next(r for r in rows if r[1] is not None)
last = rows[-1]
print(f"hit ratio {first[1]:.2f} -> {last[1] if last[1] is not None else float('nan'):.2f}, "
      f"client p95 {first[3]:.0f} ms -> {last[3]:.0f} ms")
PY
grep -E "server metrics:|verdict" "$BENCH_TMP/loadgen.err" | sed 's/^/  /'
[[ $smoke -eq 1 ]] || echo "  run directory: $out"
