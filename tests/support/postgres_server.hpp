#pragma once
// A real PostgreSQL 15 server for tests: initdb + postgres from /usr/lib/postgresql/15/bin in a
// temporary directory, listening on a free loopback port (and a unix socket in the same directory).
// PostgreSQL refuses to run as root, so when the test runs as root the server runs as the
// `postgres` system user (the temp dir is chowned to it). Tuned for speed, not safety: fsync and
// full_page_writes off (a clean stop() still checkpoints, so data survives stop()/start()).
//
// initdb costs 1-5 s, so start ONE server per test binary (shared_postgres_server()) and give
// every test case its own namespace (create_schema(): ~0.2 s; CREATE DATABASE costs ~0.6 s). The server is stopped and its directory
// removed on destruction; if the test process crashes, the postmaster gets SIGQUIT (immediate
// shutdown) through PR_SET_PDEATHSIG. Not thread-safe, except execute(), which several threads may
// call at once (e.g. one holding a lock while another watches pg_stat_activity).
#include <atomic>
#include <filesystem>
#include <string>

#include <sys/types.h>

#include "support/temp_dir.hpp"

namespace ragbench::testing {

class postgres_server {
 public:
  // Runs initdb and starts the server; throws std::runtime_error (with the server's log) when
  // the binaries are missing or the server does not become ready within 30 s.
  postgres_server();
  ~postgres_server();
  postgres_server(const postgres_server&) = delete;
  postgres_server& operator=(const postgres_server&) = delete;

  // A libpq URI for `database` over TCP: postgresql://postgres@127.0.0.1:PORT/DATABASE.
  std::string url(const std::string& database = "postgres") const;
  // Creates a fresh, empty schema (t_1, t_2, ...) in database "postgres" and returns a URL whose
  // search_path is that schema: a store opened on it sees an empty database of its own.
  std::string create_schema();
  // Runs `sql` with psql in `database`; throws std::runtime_error with psql's output on failure.
  // Returns psql's unaligned, tuples-only output (e.g. "3\n" for SELECT count(*)).
  std::string execute(const std::string& sql, const std::string& database = "postgres") const;

  // Fast shutdown (SIGINT: disconnects clients, checkpoints), waiting until the process is gone.
  void stop();
  // Starts again on the same port and data directory; waits until it accepts connections.
  void start();
  bool running() const { return pid_ > 0; }
  unsigned short port() const { return port_; }
  const std::filesystem::path& directory() const { return dir_.path(); }
  std::string log_text() const;

 private:
  temp_dir dir_;
  std::filesystem::path data_dir_, socket_dir_, log_path_;
  unsigned short port_ = 0;
  pid_t pid_ = -1;
  int schemas_ = 0;
  mutable std::atomic<int> psql_runs_{0};
};

// The one server of this test binary, started on first use and stopped at exit.
postgres_server& shared_postgres_server();

}  // namespace ragbench::testing
