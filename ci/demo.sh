#!/usr/bin/env bash
# The README's first command, the main job: set-up, build, start ragserver on its embedded default
# (sqlite store, lru cache, hnsw index) with the sample corpus, drive a load test with loadgen
# (scenarios/knowledge_assistant.yaml at 1000 iterations/s, profiles/demo.yaml), print the summary
# and KPI verdict, leave the reports under reports/runs/<timestamp>/, stop the server, exit with
# the verdict (0 pass, 1 a KPI failed, 3 the server or run failed).
# Usage: ci/demo.sh [--docs N] [--profile profiles/NAME.yaml] [--keep-server]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=300
profile=profiles/demo.yaml
keep=0
while (($#)); do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --keep-server) keep=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

bash ci/setup.sh
bash ci/build.sh release

stamp=$(date -u +%Y%m%dT%H%M%SZ)
run_dir="reports/runs/$stamp"
mkdir -p "$run_dir"
data_dir=$(mktemp -d /tmp/ragbench-demo-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port"

server_pid=""
cleanup() {
  if [[ -n "$server_pid" && $keep -eq 0 ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ $keep -eq 0 ]] && rm -rf "$data_dir"
}
trap cleanup EXIT

echo "demo: starting ragserver (embedded default: sqlite + lru + hnsw) on $url"
build/bin/ragserver --listen "127.0.0.1:$port" --data-dir "$data_dir" > "$run_dir/ragserver.out" 2> "$run_dir/ragserver.log" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "ragserver listening on" "$run_dir/ragserver.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "demo: ragserver exited:"; cat "$run_dir/ragserver.log"; exit 3; }
  sleep 0.1
done
cat "$run_dir/ragserver.out"

echo "demo: loading $docs documents of the sample corpus (PostgreSQL manual)"
python3 ci/load_corpus.py "$url" build/corpus --max-docs "$docs" --quiet

echo "demo: exercising every route"
python3 ci/exercise_routes.py "$url"

if [[ -x build/bin/loadgen && -f scenarios/knowledge_assistant.yaml ]]; then
  echo "demo: running loadgen scenarios/knowledge_assistant.yaml with $profile"
  set +e
  build/bin/loadgen run scenarios/knowledge_assistant.yaml --profile "$profile" --target "$url" --out "$run_dir"
  verdict=$?
  set -e
  echo "demo: reports in $run_dir/"
  exit $verdict
fi
echo "demo: loadgen is not built yet; route exercise only"
