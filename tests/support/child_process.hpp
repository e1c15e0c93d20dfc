#pragma once
// Runs a real program (ragserver, loadgen, redis-server, ...) as a child process with its stdout
// and stderr captured to files, for integration tests. The child leads a process group of its own;
// the destructor kills that group (SIGKILL: the child and whatever it started, e.g. nginx's workers)
// and reaps the child, and the child gets SIGKILL if the test process dies, so a failing or crashing
// test never leaves a server behind. The child inherits no descriptor besides stdin/stdout/stderr.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ragbench::testing {

class child_process {
 public:
  // Starts `argv[0]` with `argv`; stdout/stderr go to `log_prefix` + ".out"/".err".
  child_process(std::vector<std::string> argv, const std::string& log_prefix,
                std::vector<std::string> extra_env = {});
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // Waits until stdout contains a line starting with `prefix`; returns that line, or nullopt on
  // timeout or when the process exited first.
  std::optional<std::string> wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout);
  // Sends `signal` (e.g. SIGTERM, SIGKILL).
  void signal(int sig);
  // Waits for exit up to `timeout`; returns the exit status (or 128+signal), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stdout_text() const;
  std::string stderr_text() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
  std::optional<int> status_;
};

}  // namespace ragbench::testing
