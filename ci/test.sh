#!/usr/bin/env bash
# The README's test command: set-up, build, run every test (unit + integration) through ctest,
# then check that no process a test started is left running (ci/no_orphans.py).
# Usage: ci/test.sh [release|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-release}"
bash ci/setup.sh
bash ci/build.sh "$variant"
dir=build; [[ "$variant" == asan ]] && dir=build-asan
cd "$dir"
# Fails the run when a process started by a test (a server, an nginx worker) is still alive afterwards.
python3 ../ci/no_orphans.py ctest --output-on-failure --timeout 600 -j 2
