// Accessors of the protocol-independent request and response types.
#include "server/http/message.hpp"

#include "server/http/percent_decode.hpp"

namespace ragbench::server {

std::optional<std::string_view> request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> request::query_param(std::string_view name) const {
  return find_query_param(query, name);
}

void response::set_header(std::string lower_name, std::string value) {
  for (auto& [name, old] : headers) {
    if (name == lower_name) {
      old = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(lower_name), std::move(value));
}

std::optional<std::string_view> response::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace ragbench::server
