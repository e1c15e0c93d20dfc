#!/usr/bin/env bash
# The README's test command: set-up, build, run every test (unit + integration) through ctest.
# Usage: ci/test.sh [release|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-release}"
bash ci/setup.sh
bash ci/build.sh "$variant"
dir=build; [[ "$variant" == asan ]] && dir=build-asan
cd "$dir"
ctest --output-on-failure --timeout 600 -j 2
