// Settings that would do nothing in the run as configured (see setting_warnings.hpp).
#include "loadgen/scenario/setting_warnings.hpp"

namespace ragbench::loadgen {
namespace {

std::string place(const source_location& where, const std::string& fallback) {
  if (where.file.empty()) return fallback;
  return where.file + (where.line > 0 ? ":" + std::to_string(where.line) : std::string());
}

}  // namespace

std::vector<std::string> ineffective_settings(const scenario& s) {
  std::vector<std::string> out;
  const std::string load_at = place(s.load.where, s.file);
  if (s.load.is_open() && s.wait.kind != wait_kind::none) {
    out.push_back(s.file + ": wait: has no effect under the open model (" + load_at +
                  "): iterations start on the arrival schedule, not after a think time; remove it, or use a "
                  "closed load (users, spawn_rate) for think times");
  }
  if (!s.load.is_open() && s.load.max_connections != 0) {
    out.push_back(load_at + ": load.max_connections: has no effect under the closed model, where each virtual "
                            "user has its own connection (HTTP/2: `connections` sets how many they share); it "
                            "bounds the connections of an open model only");
  }
  return out;
}

}  // namespace ragbench::loadgen
