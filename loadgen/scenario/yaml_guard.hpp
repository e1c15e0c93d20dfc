#pragma once
// Checks of a YAML text that yaml-cpp does not make, run before the text is loaded into nodes:
//   - bytes that are not UTF-8 (YAML text is Unicode; a stray byte would reach names and reports);
//   - a quoted scalar still open at the end of the file (yaml-cpp ends it there silently);
//   - a key given twice in one mapping (yaml-cpp keeps the first one; YAML forbids duplicates);
//   - aliases that expand to more than `max_alias_nodes` nodes. yaml-cpp shares aliased nodes, but
//     anything that walks the tree (the loader turning `json:` into a body template, key checks)
//     visits every expansion: 557 bytes of nested aliases are billions of nodes.
// One pass over yaml-cpp's parse events; aliases are never expanded (each anchor's expanded size is
// computed once and added per alias). Cost O(text size) time, O(nesting + anchors + keys) memory.
// Not on any hot path; thread-safe (no shared state).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::loadgen {

// Default bound on the nodes that aliases may add to a document (documented in loadgen-scenarios.md).
inline constexpr std::size_t default_max_alias_nodes = 100'000;

struct yaml_problem {
  int line = 1;         // 1-based
  std::string message;  // e.g. "duplicate key 'load' (first given at line 2)"
};

struct yaml_check_result {
  std::vector<yaml_problem> problems;  // empty: the text may be loaded
  bool has_document = false;           // false for an empty text (or only comments / whitespace)
};

// Checks the first document of `text` (the one YAML::Load reads). A YAML syntax error is reported as
// a problem "YAML syntax error: ..." at its line, and the pass stops there, as it does at the first
// alias that crosses the bound; other problems are all collected.
yaml_check_result check_yaml_text(std::string_view text, std::size_t max_alias_nodes = default_max_alias_nodes);

// The first byte of `text` that is not part of a valid UTF-8 sequence (overlong forms, surrogates
// and code points above U+10FFFF are invalid), or npos when all of it is valid.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace ragbench::loadgen
