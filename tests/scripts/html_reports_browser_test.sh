#!/usr/bin/env bash
# loadgen's HTML pages in Debian's headless Chromium with the network off (tests/node/html_reports_check.mjs):
# report.html of two short real runs against a real ragserver on a free loopback port, compare.html of
# the two, capacity.html of a two-step capacity search with a USL fit, and pages of hand-built results
# (tests/tools/html_samples.cpp: scraped server series, streams, the live page fed by scripted events),
# and the live page of a real `loadgen run --web`, stopped from its button.
# Each must render every chart with no console error and no network request. Screenshots, and the pages
# themselves (pages/), go to $RAGBENCH_SCREENSHOT_DIR (default BUILD_DIR/screenshots/html-reports).
# Usage: html_reports_browser_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
shots="${RAGBENCH_SCREENSHOT_DIR:-$build/screenshots/html-reports}"
d=$(mktemp -d)
pid="" lpid=""
cleanup() {
  if [[ -n "$lpid" ]]; then kill -TERM "$lpid" 2>/dev/null || true; wait "$lpid" 2>/dev/null || true; fi
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$d"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$build/bin/ragserver" --data-dir "$d/data" --store memory --listen "127.0.0.1:$port" > "$d/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
target="http://127.0.0.1:$port"
loadgen="$build/bin/loadgen"
scenario="$src/scenarios/knowledge_assistant.yaml"

# A verdict of 1 (a KPI missed on a busy machine) still writes every page; 2 or 3 is a broken run.
accept() {
  local rc=0
  "$@" > "$d/last.log" 2>&1 || rc=$?
  if (( rc > 1 )); then echo "html_reports_browser_test: exit $rc from: $*"; tail -20 "$d/last.log"; exit 1; fi
}
for side in base cand; do
  accept "$loadgen" run "$scenario" --profile "$src/profiles/smoke.yaml" --target "$target" --set load.duration=4s \
    --quiet --out "$d/$side"
done
accept "$loadgen" compare "$d/base" "$d/cand" --out "$d/cmp"
accept "$loadgen" capacity "$scenario" --target "$target" --start 20/s --factor 2 --max 40/s --step-duration 2s \
  --usl 1=1200,2=2100,4=3500,8=4200 --out "$d/cap"
"$build/bin/html_samples" "$d/samples"
for f in base/report.html cmp/compare.html cap/capacity.html; do
  [[ -s "$d/$f" ]] || { echo "html_reports_browser_test: $f was not written"; exit 1; }
done
"$loadgen" report "$d/base" --format html > "$d/rerendered.html"
cmp -s "$d/rerendered.html" "$d/base/report.html" || { echo "report --format html differs from run's report.html"; exit 1; }

# FILE:MIN = at least MIN charts (report: 5 endpoints + all latency, 2 throughput, 1 curve, 2 status).
node "$src/tests/node/html_reports_check.mjs" "$shots" --live "$d/samples/live.html" \
  "$d/base/report.html:11" "$d/cmp/compare.html:8" "$d/cap/capacity.html:3" \
  "$d/samples/report-server.html:10" "$d/samples/report-stream.html:11"

# The live page of a real run (--web on a port the system picks): stopped from the page's button, the run
# ends as interrupted (exit 130) and writes its reports.
"$loadgen" run "$scenario" --profile "$src/profiles/smoke.yaml" --target "$target" -d 120s --web 127.0.0.1:0 \
  --quiet --out "$d/live" > "$d/live.log" 2>&1 &
lpid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/.*live view at \(http[^ ]*\).*/\1/p' "$d/live.log" | head -1)
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { echo "html_reports_browser_test: no live view URL"; cat "$d/live.log"; exit 1; }
node "$src/tests/node/html_reports_check.mjs" "$shots" --live-url "$url"
rc=0
wait "$lpid" || rc=$?
lpid=""
(( rc == 130 )) || { echo "html_reports_browser_test: the run stopped from the page exited $rc, not 130"; tail "$d/live.log"; exit 1; }
grep -q '"verdict": "interrupted"' "$d/live/summary.json" || { echo "html_reports_browser_test: verdict not interrupted"; exit 1; }
mkdir -p "$shots/pages"
cp "$d/base/report.html" "$d/cmp/compare.html" "$d/cap/capacity.html" "$d/samples/"*.html "$shots/pages/"
echo "html_reports_browser_test: every page rendered; screenshots in $shots"
