// Error-collecting typed reads of YAML nodes for the scenario and profile loaders.
#include "loadgen/scenario/yaml_reader.hpp"

#include <cmath>
#include <cstdlib>

#include "common/units.hpp"
#include "loadgen/scenario/bounded_file.hpp"
#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

std::string describe(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return "'" + n.Scalar() + "'";
}

yaml_reader::yaml_reader(std::string file, bool with_lines) : file_(std::move(file)), with_lines_(with_lines) {}

int yaml_reader::line(const YAML::Node& n) const {
  if (!n.IsDefined()) return 1;
  auto m = n.Mark();
  return m.line < 0 ? 1 : m.line + 1;
}

void yaml_reader::error(const YAML::Node& at, const std::string& what) { error(line(at), what); }

void yaml_reader::error(int line, const std::string& what) {
  if (with_lines_) errors_.push_back(file_ + ":" + std::to_string(line) + ": " + what);
  else errors_.push_back(file_ + ": " + what);
}

void yaml_reader::throw_if_errors() {
  if (!errors_.empty()) throw scenario_error(errors_);
}

bool yaml_reader::expect_map(const YAML::Node& n, std::string_view field) {
  if (n.IsMap()) return true;
  error(n, std::string(field) + ": expected a mapping, got " + describe(n));
  return false;
}

bool yaml_reader::expect_sequence(const YAML::Node& n, std::string_view field) {
  if (n.IsSequence()) return true;
  error(n, std::string(field) + ": expected a list, got " + describe(n));
  return false;
}

void yaml_reader::check_keys(const YAML::Node& map, std::string_view field,
                             std::span<const std::string_view> allowed) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (known) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error(it->first, "unknown key '" + key + "' in " + std::string(field) + " (expected one of: " + list + ")");
  }
}

std::optional<std::string> yaml_reader::string(const YAML::Node& n, std::string_view field) {
  if (n.IsScalar()) return n.Scalar();
  error(n, std::string(field) + ": expected a string, got " + describe(n));
  return std::nullopt;
}

std::optional<double> yaml_reader::number(const YAML::Node& n, std::string_view field) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(v)) return v;
  }
  error(n, std::string(field) + ": expected a number, got " + describe(n));
  return std::nullopt;
}

std::optional<std::uint64_t> yaml_reader::integer(const YAML::Node& n, std::string_view field, std::uint64_t min,
                                                  std::uint64_t max) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    if (digits && errno == 0 && end == s.c_str() + s.size() && v >= min && v <= max) return v;
  }
  error(n, std::string(field) + ": expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
               ", got " + describe(n));
  return std::nullopt;
}

std::optional<std::chrono::nanoseconds> yaml_reader::duration(const YAML::Node& n, std::string_view field,
                                                             bool allow_zero) {
  if (n.IsScalar()) {
    auto d = parse_duration(n.Scalar());
    if (d && (allow_zero || d->count() > 0)) return d;
  }
  error(n, std::string(field) + ": expected a " + (allow_zero ? "" : "positive ") +
               "duration with a unit (e.g. 250ms, 30s, 5m, 1h), got " + describe(n));
  return std::nullopt;
}

std::optional<std::uint64_t> yaml_reader::size(const YAML::Node& n, std::string_view field, std::uint64_t min,
                                               std::uint64_t max) {
  if (n.IsScalar()) {
    auto v = parse_size(n.Scalar());
    if (v && *v >= min && *v <= max) return v;
  }
  error(n, std::string(field) + ": expected a size from " + describe_bytes(min) + " to " + describe_bytes(max) +
               " like 10MiB, 512KB or 4096, got " + describe(n));
  return std::nullopt;
}

std::optional<double> yaml_reader::percentage(const YAML::Node& n, std::string_view field) {
  if (n.IsScalar()) {
    std::string s = n.Scalar();
    const bool pct = !s.empty() && s.back() == '%';
    if (pct) s.pop_back();
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(v) && v >= 0 && v <= (pct ? 100 : 1))
      return pct ? v : v * 100;
  }
  error(n, std::string(field) + ": expected a percentage from 0% to 100% (e.g. 1% or 0.5%) or a fraction from 0 "
               "to 1, got " + describe(n));
  return std::nullopt;
}

std::optional<double> yaml_reader::rate(const YAML::Node& n, std::string_view field) {
  if (n.IsScalar()) {
    std::string s = n.Scalar();
    double per = 1;
    auto slash = s.find('/');
    bool unit_ok = true;
    if (slash != std::string::npos) {
      auto unit = s.substr(slash + 1);
      if (unit == "s") per = 1;
      else if (unit == "m" || unit == "min") per = 60;
      else if (unit == "h") per = 3600;
      else unit_ok = false;
      s = s.substr(0, slash);
    }
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (unit_ok && !s.empty() && end == s.c_str() + s.size() && std::isfinite(v) && v > 0) {
      if (v / per <= max_rate_per_s) return v / per;
      error(n, std::string(field) + ": " + n.Scalar() + " is above the limit of " + max_rate_text);
      return std::nullopt;
    }
  }
  error(n, std::string(field) + ": expected a positive rate like 1000/s, 60/m or 3600/h, got " + describe(n));
  return std::nullopt;
}

}  // namespace ragbench::loadgen
