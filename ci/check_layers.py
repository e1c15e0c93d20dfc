#!/usr/bin/env python3
"""Checks that every #include between project folders follows docs/architecture.md's layer table.

Usage: ci/check_layers.py [REPO_ROOT]

Reads the "## Layers" table of docs/architecture.md (first column: a folder or a main.cpp in
backticks; second: the folders it may include, in backticks, or a dash), then scans every .hpp/.cpp
under common/, server/ and loadgen/. A quoted include of "common/...", "server/X/..." or
"loadgen/X/..." must name the file's own folder, common/, or a folder its row allows. Also fails
when a source folder has no row, when a row names a folder that does not exist, or when the
allowed-includes graph has a cycle. Prints one line per violation (file:line: what) and exits 1;
exits 0 with a one-line summary when everything holds.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"((?:common|server|loadgen)/[^"]+)"')
CELL = re.compile(r"`([^`]+)`")


def read_table(doc_path):
    rules = {}
    in_layers = False
    with open(doc_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_layers = line.strip() == "## Layers"
                continue
            if not in_layers or not line.startswith("| `"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            names = CELL.findall(cells[0])
            if len(names) != 1:
                continue
            rules[names[0]] = set(CELL.findall(cells[1]))
    return rules


def unit_of(rel_path):
    """The layer-table key a source file belongs to: common, server/X, loadgen/X or P/main.cpp."""
    parts = rel_path.split("/")
    if parts[0] == "common":
        return "common"
    if len(parts) == 2:
        return rel_path  # server/main.cpp, loadgen/main.cpp
    return "/".join(parts[:2])


def target_of(include):
    parts = include.split("/")
    return "common" if parts[0] == "common" else "/".join(parts[:2])


def find_cycle(rules):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for dep in rules.get(node, ()):
            if state.get(dep) == "open":
                return path + [node, dep]
            if dep not in state:
                found = visit(dep, path + [node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in rules:
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    doc = os.path.join(root, "docs", "architecture.md")
    rules = read_table(doc)
    problems = []
    if not rules:
        print(f"{doc}: no '## Layers' table found", file=sys.stderr)
        return 1
    for unit in rules:
        if not os.path.exists(os.path.join(root, unit)):
            problems.append(f"{doc}: the layer table names '{unit}', which does not exist")
    cycle = find_cycle(rules)
    if cycle:
        problems.append(f"{doc}: the layer table has a cycle: {' -> '.join(cycle)}")
    files = 0
    includes = 0
    for top in ("common", "server", "loadgen"):
        for dirpath, _, filenames in os.walk(os.path.join(root, top)):
            for name in sorted(filenames):
                if not name.endswith((".hpp", ".cpp", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                unit = unit_of(rel)
                if unit not in rules:
                    problems.append(f"{rel}:1: folder '{unit}' has no row in docs/architecture.md's layer table")
                    continue
                files += 1
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        includes += 1
                        target = target_of(m.group(1))
                        if target in (unit, "common") or target in rules[unit]:
                            continue
                        problems.append(f"{rel}:{lineno}: '{unit}' includes \"{m.group(1)}\" from '{target}', "
                                        f"which its layer may not (docs/architecture.md)")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_layers: {includes} includes in {files} files follow the {len(rules)}-row layer table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
