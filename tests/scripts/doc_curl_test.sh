#!/usr/bin/env bash
# The "Every route with curl" block of docs/ragserver-api.md, run as it stands (bash -e, every curl -f)
# against a real ragserver on a free loopback port: a route, flag or body shape that changes without the
# doc fails here. Usage: doc_curl_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
doc="$src/docs/ragserver-api.md"
d=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$d"
}
trap cleanup EXIT
# The block: from the heading to the end of its first ```sh fence.
awk '/^## Every route with curl/ {on = 1; next} on && /^```sh/ {inside = 1; next} inside && /^```/ {exit} inside {print}' \
  "$doc" > "$d/block.sh"
lines=$(grep -c 'curl' "$d/block.sh" || true)
(( lines >= 20 )) || { echo "doc_curl_test: found only $lines curl lines in the block of $doc"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# Cheap Argon2id (the block registers and logs in a user) and no simulated generation delay.
"$build/bin/ragserver" --data-dir "$d/data" --listen "127.0.0.1:$port" --llm-scale 0 \
  --password-memlimit 8MiB --password-opslimit 1 > "$d/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
sed "s/localhost:8080/127.0.0.1:$port/g" "$d/block.sh" > "$d/run.sh"
if ! (cd "$d" && bash -euo pipefail -x ./run.sh > "$d/out.txt" 2> "$d/trace.txt"); then
  echo "doc_curl_test: the curl block of docs/ragserver-api.md failed; last commands:"
  tail -5 "$d/trace.txt"
  echo "--- output (tail):"; tail -20 "$d/out.txt"
  echo "--- server log (tail):"; tail -20 "$d/server.log"
  exit 1
fi
echo "doc_curl_test: $lines curl commands of docs/ragserver-api.md ran against ragserver"
grep -c '^+ curl' "$d/trace.txt" | sed 's/^/commands run: /'
