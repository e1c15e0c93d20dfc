// watched_loadgen: poll /proc/PID/status while the child runs; signal it on schedule.
#include "integration/support/watched_loadgen.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/child_process.hpp"

namespace ragbench::testing {
namespace {

long status_kb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return 0;
}

}  // namespace

watched_run run_watched_loadgen(const temp_dir& dir, std::vector<std::string> args, std::chrono::seconds limit,
                                std::optional<std::chrono::milliseconds> signal_after, int sig) {
  using namespace std::chrono_literals;
  args.insert(args.begin(), build_dir() + "/bin/loadgen");
  static int runs = 0;
  const auto start = std::chrono::steady_clock::now();
  child_process p(args, dir.str() + "/loadgen" + std::to_string(++runs));
  watched_run r;
  bool signalled = false;
  std::chrono::steady_clock::time_point signalled_at{};
  while (p.running() && std::chrono::steady_clock::now() - start < limit) {
    r.peak_rss_kb = std::max({r.peak_rss_kb, status_kb(p.pid(), "VmHWM:"), status_kb(p.pid(), "VmRSS:")});
    if (r.peak_rss_kb > 1500 * 1024) {
      p.signal(SIGKILL);  // a runaway: fail the test, keep the machine
      break;
    }
    if (signal_after && !signalled && std::chrono::steady_clock::now() - start >= *signal_after) {
      p.signal(sig);
      signalled = true;
      signalled_at = std::chrono::steady_clock::now();
    }
    std::this_thread::sleep_for(20ms);
  }
  r.code = p.wait(100ms);
  const auto end = std::chrono::steady_clock::now();
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(end - start);
  if (signalled) r.after_signal = std::chrono::duration_cast<std::chrono::milliseconds>(end - signalled_at);
  r.out = p.stdout_text();
  r.err = p.stderr_text();
  return r;  // a child still running is killed by child_process's destructor
}

}  // namespace ragbench::testing
