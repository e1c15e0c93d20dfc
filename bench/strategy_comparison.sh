#!/usr/bin/env bash
# Side-by-side loadgen runs of ragserver's strategies, one table per question:
#   caches: --cache none vs lru vs lru,redis,semantic on scenarios/voiceassist.yaml (sqlite store);
#   pools:  --pool none vs fixed vs elastic on the postgres store with scenarios/rag_pooling.yaml
#           (voiceassist's queries never touch the store, so pools cannot differ there).
# Each configuration gets a fresh ragserver, Redis and PostgreSQL are started here on free loopback
# ports; per-tier hit rates come from the server's /metrics (cache_requests_total) before/after.
# "corpus upload" is the time to upload the corpus (--docs documents) one by one before the run.
# Usage: bench/strategy_comparison.sh [--duration 30s] [--rate 200/s] [--docs 150] [--only caches|pools]
# Prints two markdown tables; run directories are kept under reports/strategies/<timestamp>/.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"

duration=30s rate=200/s docs=150 only=""
while (($#)); do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --docs) docs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "strategy_comparison: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
out="$ROOT/reports/strategies/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

# run_config NAME SCENARIO LOADGEN_SETS -- RAGSERVER_ARGS...: fresh server, corpus, one loadgen run,
# then one table row (appended to $out/NAME.row).
run_config() {
  local name="$1" scenario="$2" sets="$3"; shift 4
  local port; port=$(free_port)
  local data="$BENCH_TMP/data-$name"; mkdir -p "$data"
  "$BIN/ragserver" --listen "127.0.0.1:$port" --data-dir "$data" --log-level warn "$@" \
    > "$out/$name.server.log" 2>&1 &
  local pid=$!
  wait_http "http://127.0.0.1:$port/health"
  python3 "$ROOT/ci/load_corpus.py" "http://127.0.0.1:$port" "$ROOT/build/corpus" --max-docs "$docs" --quiet \
    | tee "$out/$name.load"
  curl -fsS "http://127.0.0.1:$port/metrics" > "$out/$name.metrics.before"
  # shellcheck disable=SC2086
  local rc=0
  "$BIN/loadgen" run "$ROOT/$scenario" --target "http://127.0.0.1:$port" --quiet --out "$out/$name" $sets || rc=$?
  # A failed KPI (exit 1) is a result here; bad input (2) or a failed run (3) is not.
  if ((rc >= 2)); then echo "strategy_comparison: loadgen failed for $name (exit $rc)" >&2; exit 1; fi
  curl -fsS "http://127.0.0.1:$port/metrics" > "$out/$name.metrics.after"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$name" "$out" <<'PY' >> "$out/rows.md"
import json, re, sys
name, out = sys.argv[1], sys.argv[2]
s = json.load(open(f"{out}/{name}/summary.json"))
a = s["aggregated"]
def counters(path):
    c = {}
    for line in open(path):
        m = re.match(r'cache_requests_total\{([^}]*)\} ([0-9.e+]+)', line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            c[(labels.get("tier", "?"), labels.get("result", "?"))] = float(m.group(2))
    return c
before, after = counters(f"{out}/{name}.metrics.before"), counters(f"{out}/{name}.metrics.after")
delta = {k: after[k] - before.get(k, 0) for k in after}
per_tier = {}
for (tier, result), v in delta.items():
    per_tier[tier] = per_tier.get(tier, 0) + (v if result in ("hit", "miss") else 0)
lookups = max(per_tier.values(), default=0)  # the first tier sees every lookup
tiers = []
for (tier, result), v in sorted(delta.items()):
    if result == "hit" and lookups:
        tiers.append(f"{tier} {100 * v / lookups:.0f}%")
total_hits = sum(v for (t, r), v in delta.items() if r == "hit")
hit = f"{100 * total_hits / lookups:.0f}% ({', '.join(tiers)})" if lookups else "n/a"
lat = a["latency_ms"]
load = re.search(r"in ([0-9.]+)s", open(f"{out}/{name}.load").read())
stores = " / ".join(f"{e} {s['endpoints'][e]['latency_ms']['p95']:.1f}" for e in ("list_documents", "upload_async", "job_status")
                    if e in s["endpoints"])
print(f"| {name} | {a['requests']} | {a['rps']:.0f} | {lat['p50']:.1f} | {lat['p95']:.1f} | {lat['p99']:.1f} "
      f"| {100 * a['failures'] / max(1, a['requests']):.2f}% | {hit} | {stores or '-'} | {load.group(1) if load else '?'} s | {s['verdict']} |")
PY
}

header='| configuration | requests | req/s | p50 ms | p95 ms | p99 ms | errors | cache hit rate (per tier) | store endpoints p95 ms | corpus upload | KPIs |
|---|---|---|---|---|---|---|---|---|---|---|'

if [[ "$only" != pools ]]; then
  redis_port=$(free_port); start_redis "$redis_port"
  sets="--set warmup=5s --set load.rate=$rate --set load.duration=$duration"
  : > "$out/rows.md"
  run_config "cache-none" scenarios/voiceassist.yaml "$sets" -- --cache none
  run_config "cache-lru" scenarios/voiceassist.yaml "$sets" -- --cache lru
  run_config "cache-tiered" scenarios/voiceassist.yaml "$sets" -- --cache lru,redis,semantic \
    --redis-url "redis://127.0.0.1:$redis_port"
  { echo "### Cache strategies — scenarios/voiceassist.yaml, open model $rate for $duration, sqlite store"
    echo "(5 s warm-up discarded; hit rates are of all /v1/query lookups in the measured part and the warm-up)"
    echo; echo "$header"; cat "$out/rows.md"; echo; } | tee "$out/caches.md"
fi

if [[ "$only" != caches ]]; then
  pg_port=$(free_port); start_postgres "$pg_port"
  sets="--set warmup=5s --set load.duration=$duration"
  : > "$out/rows.md"
  for pool in none fixed elastic; do
    run_config "pool-$pool" scenarios/rag_pooling.yaml "$sets" -- --store postgres \
      --postgres-url "$(create_database "$pg_port" "pool_$pool")" --pool "$pool" --cache none --llm-scale 0
  done
  { echo "### Pool strategies — scenarios/rag_pooling.yaml (closed model, 50 users) for $duration, postgres store, --llm-scale 0"
    echo; echo "$header"; cat "$out/rows.md"; echo; } | tee "$out/pools.md"
fi
echo "strategy_comparison: run directories in $out"
