#!/usr/bin/env bash
# One server of a perf-gate / calibration trial, as a `loadgen ab --a/--b` command: starts SERVER (ragserver
# or anything with its flags) on a free loopback port with an SQLite store in DATA_DIR and no simulated LLM
# waiting, uploads the first DOCS documents of the sample corpus, then prints
# "gate server listening on http://HOST:PORT" (what `loadgen ab` waits for) and waits. loadgen stops it by
# signalling the whole process group, so the server goes with it.
# Usage: ci/lib/gate_server.sh SERVER DATA_DIR DOCS [EXTRA SERVER ARGS...]
#   CORPUS_DIR (default build/corpus of this checkout) holds documents.jsonl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
server="$1" data="$2" docs="$3"
shift 3
mkdir -p "$data"
# The files exist before the loop below reads them: the background job opens its redirections only once it
# runs, and `sed` on a missing file exits 2, which ended this script (set -e) on a busy machine.
: > "$data/server.out"
: > "$data/server.err"
"$server" --listen 127.0.0.1:0 --data-dir "$data" --store sqlite --llm-scale 0 --log-level warn "$@" \
  > "$data/server.out" 2> "$data/server.err" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; exit 143' TERM INT
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$data/server.out" 2>/dev/null | head -1)
  [[ -n "$url" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "gate_server: $server exited:" >&2
    cat "$data/server.err" >&2
    exit 3
  fi
  sleep 0.05
done
[[ -n "$url" ]] || { echo "gate_server: $server did not report its address" >&2; exit 3; }
if ((docs > 0)); then
  python3 "$root/ci/load_corpus.py" "$url" "${CORPUS_DIR:-$root/build/corpus}" --max-docs "$docs" --quiet >&2
fi
echo "gate server listening on $url"
wait "$pid"
