#pragma once
// ASCII case folding for protocol tokens (HTTP header names, "chunked", "Bearer", "+Inf"): only A-Z
// fold, whatever the locale; other bytes compare as they are.
#include <cstddef>
#include <string_view>

namespace ragbench {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when a and b are equal ignoring ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace ragbench
