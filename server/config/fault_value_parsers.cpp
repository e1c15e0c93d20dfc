// Value parsers of the fault-injection settings (--inject-latency, --inject-errors).
#include <stdexcept>
#include <string>

#include "server/config/value_parsers.hpp"

namespace ragbench::server {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls each(item) for every non-empty comma-separated item.
template <class F>
void for_each_item(std::string_view text, F&& each) {
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trimmed(text.substr(0, comma));
    if (item.empty()) throw std::invalid_argument("empty item in a comma-separated list");
    each(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (trimmed(text).empty()) throw std::invalid_argument("empty item in a comma-separated list");
  }
}

// "ROUTE=SPEC" -> {ROUTE, SPEC}; "SPEC" -> {"", SPEC}.
std::pair<std::string, std::string_view> split_route(std::string_view item) {
  if (item.front() != '/') return {std::string(), item};
  const auto eq = item.find('=');
  if (eq == std::string_view::npos) throw std::invalid_argument("'" + std::string(item) + "': expected ROUTE=VALUE");
  const std::string route(trimmed(item.substr(0, eq)));
  for (char c : route) {
    if (c == ' ' || c == '?' || c == '#') throw std::invalid_argument("route '" + route + "' is not a path");
  }
  return {route, trimmed(item.substr(eq + 1))};
}

}  // namespace

std::vector<latency_fault> parse_latency_faults_value(std::string_view text) {
  std::vector<latency_fault> out;
  if (trimmed(text).empty()) return out;
  for_each_item(text, [&](std::string_view item) {
    auto [route, spec] = split_route(item);
    latency_fault f{route};
    const auto dots = spec.find("..");
    f.min = parse_duration_value(trimmed(spec.substr(0, dots)), std::chrono::nanoseconds(0));
    f.max = dots == std::string_view::npos ? f.min : parse_duration_value(trimmed(spec.substr(dots + 2)), f.min);
    out.push_back(std::move(f));
  });
  return out;
}

std::vector<error_fault> parse_error_faults_value(std::string_view text) {
  std::vector<error_fault> out;
  if (trimmed(text).empty()) return out;
  for_each_item(text, [&](std::string_view item) {
    auto [route, spec] = split_route(item);
    if (!spec.ends_with('%')) throw std::invalid_argument("'" + std::string(spec) + "': expected a percentage such as 5%");
    const double percent = parse_number_value(trimmed(spec.substr(0, spec.size() - 1)), 0, 100);
    out.push_back(error_fault{route, percent / 100.0});
  });
  return out;
}

}  // namespace ragbench::server
