// Parsers for setting values; units come from common/units.hpp so flags, env and YAML agree.
#include "server/config/value_parsers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "common/units.hpp"
#include "common/name_table.hpp"
#include "server/cache/cache_factory.hpp"

namespace ragbench::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

}  // namespace

std::uint64_t parse_integer_value(std::string_view text, std::uint64_t min, std::uint64_t max) {
  text = trim(text);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec == std::errc::invalid_argument || end != text.data() + text.size()) {
    throw std::invalid_argument(text.starts_with("-") ? "must not be negative" : "expected a whole number");
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    throw std::invalid_argument("must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

double parse_number_value(std::string_view text, double min, double max) {
  const std::string s(trim(text));
  char* end = nullptr;
  const double value = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(value)) {
    throw std::invalid_argument("expected a number");
  }
  if (value < min) throw std::invalid_argument("must be >= " + number_text(min));
  if (value > max) throw std::invalid_argument("must be <= " + number_text(max));
  return value;
}

std::pair<std::uint64_t, std::uint64_t> parse_integer_range_value(std::string_view text, std::uint64_t min,
                                                                  std::uint64_t max) {
  text = trim(text);
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) {
    const std::uint64_t n = parse_integer_value(text, min, max);
    return {n, n};
  }
  const std::uint64_t lo = parse_integer_value(text.substr(0, dots), min, max);
  const std::uint64_t hi = parse_integer_value(text.substr(dots + 2), min, max);
  if (lo > hi) throw std::invalid_argument("range MIN..MAX must have MIN <= MAX");
  return {lo, hi};
}

std::string parse_name_value(std::string_view text) {
  text = trim(text);
  const bool ok = !text.empty() && text.size() <= 128 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
  });
  if (!ok) throw std::invalid_argument("expected 1 to 128 letters, digits and . _ : -");
  return std::string(text);
}

std::chrono::nanoseconds parse_duration_value(std::string_view text, std::chrono::nanoseconds min) {
  const auto d = parse_duration(trim(text));
  if (!d) throw std::invalid_argument("expected a duration with a unit (ns, us, ms, s, m, h), e.g. 250ms or 30s");
  if (*d < min) throw std::invalid_argument("must be at least " + format_duration(min));
  return *d;
}

std::uint64_t parse_size_value(std::string_view text, std::uint64_t min) {
  const auto bytes = parse_size(trim(text));
  if (!bytes) throw std::invalid_argument("expected a size such as 4096, 256KiB, 16MiB or 10MB");
  if (*bytes < min) throw std::invalid_argument("must be at least " + std::to_string(min) + " bytes");
  return *bytes;
}

bool parse_bool_value(std::string_view text) {
  std::string s(trim(text));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  throw std::invalid_argument("expected true or false");
}

std::string parse_choice_value(std::string_view text, std::span<const std::string_view> names) {
  text = trim(text);
  if (std::find(names.begin(), names.end(), text) == names.end()) {
    throw std::invalid_argument("expected one of: " + join_names(names));
  }
  return std::string(text);
}

listen_address parse_listen_value(std::string_view text) {
  text = trim(text);
  listen_address out;
  std::string_view port_text;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw std::invalid_argument("expected [ipv6]:port, e.g. [::1]:8080");
    }
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("expected host:port, e.g. 127.0.0.1:8080");
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) throw std::invalid_argument("put IPv6 addresses in brackets, e.g. [::1]:8080");
    port_text = text.substr(colon + 1);
  }
  if (out.host.empty()) throw std::invalid_argument("missing host, e.g. 0.0.0.0:8080");
  try {
    out.port = static_cast<std::uint16_t>(parse_integer_value(port_text, 0, 65535));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("port ") + e.what());
  }
  return out;
}

std::vector<std::string> parse_cache_tiers_value(std::string_view text) {
  std::vector<std::string> tiers;
  while (true) {
    const auto comma = text.find(',');
    const auto name = trim(text.substr(0, comma));
    if (name.empty()) throw std::invalid_argument("empty cache tier name in list");
    const auto known = cache_strategy_names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw std::invalid_argument("unknown cache tier '" + std::string(name) + "' (valid: " + join_names(known) + ")");
    }
    if (std::find(tiers.begin(), tiers.end(), name) != tiers.end()) {
      throw std::invalid_argument("cache tier '" + std::string(name) + "' listed twice");
    }
    tiers.emplace_back(name);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (tiers.size() > 1 && std::find(tiers.begin(), tiers.end(), "none") != tiers.end()) {
    throw std::invalid_argument("'none' cannot be combined with other cache tiers");
  }
  return tiers;
}

}  // namespace ragbench::server
