#!/usr/bin/env bash
# Every ragserver and loadgen command in the ```sh blocks of the README, docs/loadgen-scenarios.md and
# docs/loadgen-ab-capacity.md, run as written from a scratch directory (scenarios/, profiles/, build/
# linked in) against a real ragserver on a free loopback port. Only three kinds of change are made, and
# each is printed: the documented address 127.0.0.1:8080 becomes the test server's (a ragserver command
# gets --listen 127.0.0.1:0 instead), `loadgen`/`ragserver` become build/bin/..., and long loads are
# shortened by options appended after the documented ones (the last value wins): a flag, a value or an
# output that changes without the doc fails here.
# ci/*.sh commands are this suite or build other trees: their documented options are checked against
# their --help. Commands that need sudo or a PostgreSQL server (docs/ragserver-postgres.md) are not here;
# the PostgreSQL integration tests start one.
# Usage: doc_commands_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
docs=(README.md docs/loadgen-scenarios.md docs/loadgen-ab-capacity.md)
d=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$d"
}
trap cleanup EXIT
mkdir -p "$d/work/build" "$d/work/reports/runs"
ln -s "$build/bin" "$d/work/build/bin"
ln -s "$src/scenarios" "$d/work/scenarios"
ln -s "$src/profiles" "$d/work/profiles"
ln -s "$src/ci" "$d/work/ci"
# Files the documented commands name.
printf '{"query":"what removes dead tuples?","k":3}\n' > "$d/work/query.json"
printf 'store: memory\nllm_scale: 0\n' > "$d/work/ragserver.yaml"

# One command per line: continuation lines joined, a trailing "# comment" dropped.
for doc in "${docs[@]}"; do
  awk -v doc="$doc" '
    /^```/ { if (inside) { inside = 0; next } if ($0 ~ /^```(sh|bash)/) { inside = 1; next } }
    !inside { next }
    { line = $0
      if (cont != "") { sub(/^[ \t]+/, "", line); line = cont " " line }
      if (line ~ /\\$/) { sub(/[ \t]*\\$/, "", line); cont = line; next }
      cont = ""
      sub(/[ \t]+#[^"'\'']*$/, "", line)
      print doc "\t" line }' "$src/$doc"
done > "$d/commands.tsv"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$build/bin/ragserver" --data-dir "$d/data" --listen "127.0.0.1:$port" --llm-scale 0 > "$d/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "127.0.0.1:$port/v1/documents" -H 'content-type: application/json' \
  -d '{"title":"Autovacuum","content":"Autovacuum removes dead tuples and refreshes planner statistics."}'
# The runs the README's compare command reads.
for run in base cand; do
  "$build/bin/loadgen" run "$src/scenarios/knowledge_assistant.yaml" --profile "$src/profiles/smoke.yaml" \
    --target "http://127.0.0.1:$port" -d 2s --quiet --out "$d/work/reports/runs/$run" > /dev/null 2>&1 || true
  [[ -f "$d/work/reports/runs/$run/histograms.json" ]] || { echo "doc_commands_test: could not make the $run run"; exit 1; }
done

# Appended after a documented command of this kind so that it runs in seconds.
shorten() {
  case "$1" in
    "loadgen run"*) echo "-d 1s" ;;
    "loadgen ab"*) echo "--trials 1 --warmup 1s --set load.duration=1s" ;;
    "loadgen capacity --usl"*) echo "" ;;
    "loadgen capacity"*) echo "--step-duration 1s --max 300/s --bisect 0" ;;
    *) echo "" ;;
  esac
}

ran=0 checked=0 failed=0
exec 3< "$d/commands.tsv"
while IFS=$'\t' read -r -u 3 doc cmd; do
  [[ -z "$cmd" ]] && continue
  # Only lines that run one of the project's programs or scripts.
  read -ra words <<< "$cmd"
  env_prefix=""; i=0
  while [[ "${words[$i]}" == *=* && "${words[$i]}" != -* ]]; do env_prefix+="${words[$i]} "; i=$((i + 1)); done
  prog="${words[$i]}"
  case "$prog" in
    loadgen|build/bin/loadgen) kind=loadgen ;;
    ragserver|build/bin/ragserver) kind=ragserver ;;
    bash) kind=script ;;
    *) continue ;;
  esac
  rest="${cmd#*"$prog"}"
  if [[ "$kind" == script ]]; then
    script="${words[$((i + 1))]}"
    [[ "$script" == ci/* ]] || continue
    [[ -f "$src/$script" ]] || { echo "FAIL ($doc): $script does not exist"; failed=$((failed + 1)); continue; }
    checked=$((checked + 1))
    grep -q -- ' --' <<< "$rest" || continue  # no options to check
    help=$(bash "$src/$script" --help 2>&1) || { echo "FAIL ($doc): $script --help failed"; failed=$((failed + 1)); continue; }
    for flag in $(grep -o -- '--[a-z][a-z-]*' <<< "$rest" || true); do
      if ! grep -q -- "$flag" <<< "$help"; then
        echo "FAIL ($doc): $cmd"; echo "    $script --help does not mention $flag"; failed=$((failed + 1))
      fi
    done
    continue
  fi
  # The documented address becomes the test server's.
  run_cmd="${env_prefix:+env $env_prefix}build/bin/$kind${rest}"
  run_cmd="${run_cmd//127.0.0.1:8080/127.0.0.1:$port}"
  sub="$kind ${words[$((i + 1))]:-}"
  [[ "$kind" == loadgen && "${words[$((i + 1))]:-}" == capacity && "$rest" == *--usl* ]] && sub="loadgen capacity --usl"
  extra=$(shorten "$sub")
  if [[ "$kind" == ragserver ]]; then
    run_cmd="${run_cmd//--listen 127.0.0.1:$port/}"
    extra="--listen 127.0.0.1:0"
  fi
  echo "RUN ($doc): $run_cmd${extra:+ [+ $extra]}"
  if [[ "$kind" == ragserver ]]; then
    # Starts, says it is listening, and stops cleanly on SIGTERM.
    (cd "$d/work" && eval "exec $run_cmd $extra" > "$d/rs.log" 2>&1) &
    rs=$!
    for _ in $(seq 1 100); do grep -q 'listening on' "$d/rs.log" 2>/dev/null && break; sleep 0.1; done
    ok=0; grep -q 'listening on' "$d/rs.log" && ok=1
    kill -TERM "$rs" 2>/dev/null || true
    code=0; wait "$rs" || code=$?
    if (( ok == 0 || code != 0 )); then
      echo "FAIL: did not start or stop cleanly (exit $code):"; sed 's/^/    /' "$d/rs.log" | tail -5; failed=$((failed + 1))
    fi
    ran=$((ran + 1)); continue
  fi
  code=0
  (cd "$d/work" && eval "$run_cmd $extra") > "$d/out.log" 2>&1 || code=$?
  # 0 pass, 1 a KPI or a regression verdict: both mean the command ran. 2 is a bad command line or file.
  allowed="0"
  # (`report` exits with the stored run's verdict.)
  case "$sub" in "loadgen run"|"loadgen report"|"loadgen compare"|"loadgen ab"|"loadgen capacity") allowed="0 1" ;; esac
  if [[ " $allowed " != *" $code "* ]]; then
    echo "FAIL: exit $code (expected one of: $allowed); output:"; sed 's/^/    /' "$d/out.log" | tail -12
    failed=$((failed + 1))
  fi
  ran=$((ran + 1))
done
exec 3<&-
echo "doc_commands_test: $ran commands run, $checked script commands checked against --help, $failed failed"
(( ran >= 12 )) || { echo "doc_commands_test: expected at least 12 runnable commands in ${docs[*]}"; exit 1; }
(( failed == 0 ))
