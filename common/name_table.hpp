#pragma once
// Choosing by name from a plain table: a constexpr array of {name, ...} entries is at once the
// dispatch table and the one list of valid names (for --help, setting validation and error
// messages), so the two cannot drift apart. No registration, no globals.
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace ragbench {

// The names of `table`, in table order. `entry` needs a `name` member convertible to string_view.
template <class entry, std::size_t n>
constexpr std::array<std::string_view, n> names_of(const entry (&table)[n]) {
  std::array<std::string_view, n> out{};
  for (std::size_t i = 0; i < n; ++i) out[i] = table[i].name;
  return out;
}

// The entry of `table` called `name`, or nullptr. O(n) comparisons.
template <class entry, std::size_t n>
constexpr const entry* find_named(const entry (&table)[n], std::string_view name) {
  for (const auto& e : table) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// "a, b, c", for messages and help texts.
inline std::string join_names(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace ragbench
