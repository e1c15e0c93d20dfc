#pragma once
// Typed access to YAML nodes that records "FILE:LINE: field: what is wrong" instead of throwing, so
// the loader can report every problem in one pass. Used only at load time.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

class yaml_reader {
 public:
  // with_lines=false: prefix is just "FILE: " (used for --set overrides, which have no lines).
  explicit yaml_reader(std::string file, bool with_lines = true);

  const std::string& file() const { return file_; }
  int line(const YAML::Node& n) const;
  source_location where(const YAML::Node& n) const { return {file_, line(n)}; }

  void error(const YAML::Node& at, const std::string& what);
  void error(int line, const std::string& what);
  bool ok() const { return errors_.empty(); }
  std::vector<std::string>& errors() { return errors_; }
  // Throws scenario_error with everything recorded so far, if anything.
  void throw_if_errors();

  // Each returns false / nullopt after recording an error naming `field`.
  bool expect_map(const YAML::Node& n, std::string_view field);
  bool expect_sequence(const YAML::Node& n, std::string_view field);
  // Records "unknown key 'x' in FIELD (expected one of: ...)" for every key not in `allowed`.
  void check_keys(const YAML::Node& map, std::string_view field, std::span<const std::string_view> allowed);
  void check_keys(const YAML::Node& map, std::string_view field, std::initializer_list<std::string_view> allowed) {
    check_keys(map, field, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  std::optional<std::string> string(const YAML::Node& n, std::string_view field);
  std::optional<double> number(const YAML::Node& n, std::string_view field);
  // Integer in [min, max].
  std::optional<std::uint64_t> integer(const YAML::Node& n, std::string_view field, std::uint64_t min, std::uint64_t max);
  // A duration with unit ("30s", "250ms", "2m"); must be > 0 unless allow_zero.
  std::optional<std::chrono::nanoseconds> duration(const YAML::Node& n, std::string_view field, bool allow_zero = false);
  // A byte size ("10MiB", "512KB", "4096") in [min, max].
  std::optional<std::uint64_t> size(const YAML::Node& n, std::string_view field, std::uint64_t min, std::uint64_t max);
  // A percentage "1%" / "0.5%", or a bare fraction 0..1 ("0.01" = 1 %); returned in percent, 0..100.
  std::optional<double> percentage(const YAML::Node& n, std::string_view field);
  // A rate per second: "1000/s", "60/m", "3600/h", or a bare number (per second); must be > 0 and
  // at most max_rate_per_s (scenario.hpp).
  std::optional<double> rate(const YAML::Node& n, std::string_view field);

 private:
  std::string file_;
  bool with_lines_;
  std::vector<std::string> errors_;
};

// Describes a node for messages: its scalar text, or "a mapping" / "a list".
std::string describe(const YAML::Node& n);

}  // namespace ragbench::loadgen
