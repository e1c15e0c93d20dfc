#pragma once
// Levenshtein distance, for "did you mean ...?" hints on misspelt flags and settings (ragserver's
// settings, loadgen's options). O(|a| x |b|) time, O(|b|) memory.
#include <cstddef>
#include <string_view>

namespace ragbench {

// The fewest single-character insertions, deletions or substitutions that turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ragbench
