#pragma once
// A real redis-server for tests: started from /usr/bin/redis-server in a temporary directory on a
// free loopback port (redis cannot listen on port 0, so a free port is picked and the start is
// retried on a collision), persistence off (--save '' --appendonly no). Ready when PING answers.
// stop()/start() kill and restart it on the same port (outage tests); the destructor kills it,
// and it dies with the test process (child_process). Not thread-safe: drive it from one thread.
#include <memory>
#include <string>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace ragbench::testing {

class redis_server {
 public:
  // Starts the server; throws std::runtime_error (with its log) when redis-server is missing (the
  // test fails and says so; no test skips) or does not answer PING within 10 s.
  redis_server();
  ~redis_server();
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  // redis://127.0.0.1:PORT (database 0).
  std::string url() const;
  int port() const { return port_; }
  // Kills the server (SIGKILL, like a crash; nothing is persisted) and waits until it is gone.
  void stop();
  // Starts it again on the same port (empty); waits until PING answers. Throws on failure.
  void start();
  // SIGSTOP / SIGCONT: the server hangs with its sockets open (clients see timeouts, not refusals).
  void pause();
  void resume();
  bool running() const;
  // One command in Redis' inline form (e.g. "FLUSHALL", "DBSIZE") over a fresh TCP connection;
  // returns the raw first reply line ("+OK", ":3", ...). Throws std::runtime_error when down.
  std::string command(const std::string& inline_command) const;

 private:
  bool launch();  // false when the process exited before answering (e.g. port taken)

  temp_dir dir_;
  int port_ = 0;
  int launches_ = 0;
  std::unique_ptr<child_process> process_;
};

}  // namespace ragbench::testing
