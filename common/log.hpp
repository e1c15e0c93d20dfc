#pragma once
// Minimal leveled logging to stderr. The level is passed in (no global mutable state beyond the
// stderr stream itself); one line per call, written with a single fwrite so lines never interleave.
#include <span>
#include <string_view>

namespace ragbench {

enum class log_level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

// The level names in enum order: "debug", "info", "warn", "error", "off".
std::span<const std::string_view> log_level_names();

// Parses one of log_level_names(); false (and `out` unchanged) on anything else.
bool parse_log_level(std::string_view text, log_level& out);

class logger {
 public:
  explicit logger(log_level level = log_level::info) : level_(level) {}
  bool enabled(log_level l) const { return l >= level_ && level_ != log_level::off; }
  void write(log_level l, std::string_view message) const;
  void debug(std::string_view m) const { write(log_level::debug, m); }
  void info(std::string_view m) const { write(log_level::info, m); }
  void warn(std::string_view m) const { write(log_level::warn, m); }
  void error(std::string_view m) const { write(log_level::error, m); }

 private:
  log_level level_;
};

}  // namespace ragbench
