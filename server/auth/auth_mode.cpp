// Names of the --auth modes.
#include "server/auth/auth_mode.hpp"

#include <array>

namespace ragbench::server {
namespace {

constexpr std::array<std::string_view, 3> k_names = {"off", "optional", "required"};

}  // namespace

std::span<const std::string_view> auth_mode_names() { return k_names; }

std::optional<auth_mode> parse_auth_mode(std::string_view name) {
  for (std::size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == name) return static_cast<auth_mode>(i);
  }
  return std::nullopt;
}

std::string_view to_string(auth_mode m) { return k_names[static_cast<std::size_t>(m)]; }

}  // namespace ragbench::server
