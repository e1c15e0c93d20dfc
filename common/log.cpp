// stderr logger: "2026-11-23T01:02:03.456Z info message".
#include "common/log.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace ragbench {

namespace {

constexpr std::array<std::string_view, 5> k_level_names = {"debug", "info", "warn", "error", "off"};
static_assert(static_cast<std::size_t>(log_level::off) + 1 == k_level_names.size());

}  // namespace

std::span<const std::string_view> log_level_names() { return k_level_names; }

bool parse_log_level(std::string_view text, log_level& out) {
  for (std::size_t i = 0; i < k_level_names.size(); ++i) {
    if (k_level_names[i] == text) {
      out = static_cast<log_level>(i);
      return true;
    }
  }
  return false;
}

void logger::write(log_level l, std::string_view message) const {
  if (!enabled(l)) return;
  static constexpr const char* names[] = {"debug", "info", "warn", "error"};
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[96];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  std::string line;
  line.reserve(message.size() + 48);
  line.append(stamp).append(" ").append(names[static_cast<int>(l)]).append(" ").append(message).append("\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace ragbench
