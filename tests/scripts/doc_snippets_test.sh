#!/usr/bin/env bash
# Every YAML snippet of docs/loadgen-scenarios.md, checked by `loadgen validate` as it stands: a complete
# scenario as is; a fragment with a target (protocol and TLS examples) with one task (and a load) added; a profile
# (`# profiles/...`) applied to scenarios/knowledge_assistant.yaml. A key, value or default that changes
# without the doc fails here. Usage: doc_snippets_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
doc="$src/docs/loadgen-scenarios.md"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
ln -s "$src/scenarios/feeds" "$d/feeds"  # the snippets' relative files, as from scenarios/
awk -v dir="$d" '/^```yaml/ {n++; file = sprintf("%s/snippet-%02d.yaml", dir, n); inside = 1; next}
                 inside && /^```/ {inside = 0; next}
                 inside {print > file}' "$doc"
checked=0 skipped=0 failed=0
for f in "$d"/snippet-*.yaml; do
  kind=""
  if grep -q '^# profiles/' "$f"; then kind=profile
  elif grep -q '^tasks:' "$f"; then kind=scenario
  elif grep -q '^target:' "$f"; then kind=fragment
  fi
  case "$kind" in
    scenario) cmd=("$build/bin/loadgen" validate "$f") ;;
    fragment)
      printf 'tasks:\n  - {name: t, path: /}\n' >> "$f"
      grep -q '^load:' "$f" || printf 'load: {users: 1, duration: 1s}\n' >> "$f"
      cmd=("$build/bin/loadgen" validate "$f") ;;
    profile) cmd=("$build/bin/loadgen" validate "$src/scenarios/knowledge_assistant.yaml" --profile "$f") ;;
    *) skipped=$((skipped + 1)); continue ;;  # a piece of a step (check:, data:, load forms): no target to validate against
  esac
  if out=$("${cmd[@]}" 2>&1); then
    checked=$((checked + 1))
  else
    failed=$((failed + 1))
    echo "doc_snippets_test: $(basename "$f") ($kind) of docs/loadgen-scenarios.md does not validate:"
    sed 's/^/    /' "$f"
    echo "  loadgen said: $out"
  fi
done
echo "doc_snippets_test: $checked snippets validated, $failed failed, $skipped pieces of a step skipped"
(( checked >= 4 )) || { echo "doc_snippets_test: expected at least 4 checkable snippets"; exit 1; }
(( failed == 0 ))
