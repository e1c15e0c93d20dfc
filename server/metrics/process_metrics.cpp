// process_* metrics from /proc/self, computed when /metrics is scraped.
#include "server/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ragbench::server {
namespace {

std::optional<double> boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && (in >> value)) return value;
    in.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

}  // namespace

std::optional<process_stats> read_process_stats() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 (state) of proc(5)
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() < 22) return std::nullopt;
  const auto boot = boot_time_seconds();
  if (!boot) return std::nullopt;
  try {
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    process_stats stats;
    stats.cpu_seconds_total = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;  // utime + stime
    stats.start_time_seconds = *boot + std::stod(fields[19]) / ticks;                   // starttime
    stats.virtual_memory_bytes = std::stod(fields[20]);                                 // vsize
    stats.resident_memory_bytes = std::stod(fields[21]) * page;                         // rss pages
    return stats;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<double> count_open_fds() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec), end;
  if (ec) return std::nullopt;
  double count = 0;
  for (; it != end; it.increment(ec)) {
    if (ec) return std::nullopt;
    ++count;
  }
  return count > 0 ? count - 1 : 0;  // the iterator's own directory descriptor
}

void register_process_metrics(metrics_registry& registry) {
  const auto at_start = read_process_stats();
  const double start_time = at_start ? at_start->start_time_seconds : 0;
  auto stat = [](double process_stats::*field) {
    return [field] {
      const auto stats = read_process_stats();
      if (!stats) throw std::runtime_error("/proc/self/stat unreadable");
      return (*stats).*field;
    };
  };
  registry.add_callback_gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                              stat(&process_stats::resident_memory_bytes));
  registry.add_callback_gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                              stat(&process_stats::virtual_memory_bytes));
  registry.add_callback_counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                                stat(&process_stats::cpu_seconds_total));
  registry.add_callback_gauge("process_open_fds", "Number of open file descriptors.", [] {
    const auto fds = count_open_fds();
    if (!fds) throw std::runtime_error("/proc/self/fd unreadable");
    return *fds;
  });
  registry.add_callback_gauge("process_max_fds", "Maximum number of open file descriptors.", [] {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) throw std::runtime_error("getrlimit failed");
    return static_cast<double>(limit.rlim_cur);
  });
  registry.add_callback_gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                              [start_time] { return start_time; });
}

}  // namespace ragbench::server
