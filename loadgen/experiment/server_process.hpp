#pragma once
// A server under test started from a command line, for `ab` trials and `capacity` thread counts:
// `/bin/sh -c COMMAND` in its own process group (signals go to the whole group), stdout/stderr to
// log files, the child killed if loadgen dies (PR_SET_PDEATHSIG). Placeholders in COMMAND: {port}
// (a free loopback port picked now), {data_dir} (a fresh empty directory per start), {threads}
// (given by the caller). Ready means: the log shows "listening on http://HOST:PORT" (ragserver
// prints it), or, when {port} was used, a TCP connect to 127.0.0.1:PORT succeeds.
// Not thread-safe; one object per started process. The destructor stops the process.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <sys/types.h>

namespace ragbench::loadgen {

// The server could not be started or did not become ready (exit 3 for ab/capacity).
class server_start_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class server_process {
 public:
  // Starts the command and waits until it is ready. `log_dir` gets server.out / server.err (and
  // data/ for {data_dir}). `vars` adds placeholders (e.g. {"threads", "2"}). Throws
  // server_start_error when it exits early, is not ready within `ready_timeout`, or `give_up`
  // (optional, polled every 20 ms while waiting: e.g. "a signal came") returns true.
  server_process(const std::string& command, const std::filesystem::path& log_dir,
                 const std::map<std::string, std::string>& vars = {},
                 std::chrono::milliseconds ready_timeout = std::chrono::seconds(30),
                 const std::function<bool()>& give_up = {});
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  // "http://127.0.0.1:PORT" (host from the listening line when printed).
  const std::string& url() const { return url_; }
  // The command after placeholder substitution.
  const std::string& command() const { return command_; }
  // SIGTERM to the process group, SIGKILL after `grace`. Returns the exit status (128 + signal
  // when killed). Idempotent.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // Replaces every {name} in `text` by vars[name]; unknown placeholders are left alone.
  static std::string substitute(std::string text, const std::map<std::string, std::string>& vars);
  // A currently free TCP port on 127.0.0.1 (bound and released; a small race is possible).
  static unsigned short free_port();

 private:
  bool exited(int& status);
  std::string tail_of(const std::filesystem::path& p) const;

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string command_, url_;
  std::filesystem::path out_path_, err_path_;
};

}  // namespace ragbench::loadgen
