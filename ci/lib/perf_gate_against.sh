# ci/perf-gate.sh --against REF (sourced by it; uses its variables): build REF in a git worktree, then
# interleaved trials of REF's server (A) and the candidate's (B) with `loadgen ab`, judged by `loadgen compare`.

# default_build SRC OUT: this project's CMake build of ragserver, with ccache when present. REF builds in
# $ref_root/build (kept between runs, so the next gate against a nearby REF is mostly cache hits).
default_build() {
  local src="$1" dest="$2" dir
  if [[ "$src" == "$repo" ]]; then
    bash "$src/ci/build.sh" release >&2
    dir="$src/build"
  else
    dir="$ref_root/build"
    local flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRAGBENCH_TESTS=OFF -DRAGBENCH_BENCH=OFF)
    if command -v ccache >/dev/null; then flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
    cmake -S "$src" -B "$dir" "${flags[@]}" >/dev/null
    cmake --build "$dir" -j "${RAGBENCH_JOBS:-$(nproc)}" --target ragserver >&2
  fi
  mkdir -p "$dest"
  cp "$dir/bin/ragserver" "$dest/ragserver"
}

# build_side SRC OUT: --build-cmd or the default; fails the gate (exit 3) when no server comes out.
build_side() {
  local rc=0
  if [[ -n "$build_cmd" ]]; then
    mkdir -p "$2"
    bash -c "$build_cmd \"\$1\" \"\$2\"" build "$1" "$2" >&2 || rc=$?
  else
    default_build "$1" "$2" || rc=$?
  fi
  if ((rc != 0)) || [[ ! -x "$2/ragserver" ]]; then
    echo "perf-gate: building $1 failed (exit $rc; no executable $2/ragserver)" >&2
    exit 3
  fi
}

gate_against() {
  ref_root="${PERF_GATE_REF_DIR:-$repo/build-ref}"
  local ref_src="$ref_root/src" commit
  commit=$(git -C "$repo" rev-parse --verify "$against^{commit}" 2>/dev/null) ||
    { echo "perf-gate: --against '$against' is not a commit of $repo" >&2; exit 2; }
  echo "perf-gate: base $against = ${commit:0:12}; candidate = the working tree of $repo"
  if [[ -d "$ref_src" ]] && git -C "$ref_src" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$ref_src" checkout --quiet --detach --force "$commit"
  else
    mkdir -p "$ref_root"
    git -C "$repo" worktree prune
    git -C "$repo" worktree add --quiet --detach --force "$ref_src" "$commit"
  fi
  local servers="$out/servers"
  rm -rf "$servers" "$out/ab"
  if ((build)); then
    echo "perf-gate: building the base ($against) in $ref_src"
    build_side "$ref_src" "$servers/base"
    echo "perf-gate: building the candidate"
    build_side "$repo" "$servers/candidate"
  else
    build_side "$ref_src" "$servers/base"
    mkdir -p "$servers/candidate"
    cp "$bin/ragserver" "$servers/candidate/ragserver"
  fi
  local wrap="$here/ci/lib/gate_server.sh" pin_text=""
  ((${#server_pin[@]})) && pin_text="${server_pin[*]} "
  local a="${pin_text}$wrap $servers/base/ragserver {data_dir} $docs"
  local b="${pin_text}$wrap $servers/candidate/ragserver {data_dir} $docs"
  echo "perf-gate: $trials interleaved trials per side"
  local rc=0
  "${loadgen[@]}" ab "$scenario" --profile "$profile" --a "$a" --b "$b" --trials "$trials" --out "$out/ab" \
    > "$out/ab.txt" 2> "$out/ab.err" || rc=$?
  if ((rc != 0 && rc != 1)); then
    echo "perf-gate: loadgen ab failed (exit $rc):" >&2
    tail -20 "$out/ab.err" >&2
    exit 3
  fi
  local args=()
  for d in "$out"/ab/trial-*-A; do args+=(--baseline "$d"); done
  for d in "$out"/ab/trial-*-B; do args+=(--candidate "$d"); done
  judge "${args[@]}"
}
