#!/usr/bin/env bash
# ci/check_layers.py must reject a wrong-way include (server/http including server/api) in a tree
# laid out like this one, naming the file, the line and the layer, and accept the same tree without it.
set -euo pipefail
src="$1"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/docs" "$d/common"
cp "$src/docs/architecture.md" "$d/docs/"
for u in metrics pool index rag http redis store auth cache ratelimit pipeline config api app; do mkdir -p "$d/server/$u"; done
for u in args stats scenario report engine compare experiment scrape live merge cli; do mkdir -p "$d/loadgen/$u"; done
touch "$d/server/main.cpp" "$d/loadgen/main.cpp"
printf '#pragma once\n#include "server/pipeline/answer_service.hpp"\n' > "$d/server/api/routes.hpp"
python3 "$src/ci/check_layers.py" "$d" >/dev/null  # allowed: api may include pipeline
printf '#pragma once\n\n#include "server/api/routes.hpp"\n' > "$d/server/http/router.hpp"
if out=$(python3 "$src/ci/check_layers.py" "$d" 2>&1); then
  echo "check_layers accepted server/http including server/api"; exit 1
fi
grep -q "server/http/router.hpp:3: 'server/http' includes \"server/api/routes.hpp\"" <<<"$out" || { echo "unexpected: $out"; exit 1; }
echo "check_layers rejected the wrong-way include: $out"
