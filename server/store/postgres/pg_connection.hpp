#pragma once
// One libpq connection (PGconn) as a pooled_connection, with every wait bounded: connecting is
// polled up to connect_timeout, every statement up to query_timeout (then the query is cancelled
// and the connection marked broken). Statements are prepared once per connection, on first use.
// Text parameters and text results. Not thread-safe: one user at a time (the pool's lease).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "server/pool/connection_pool.hpp"
#include "server/store/store_error.hpp"

struct pg_conn;
struct pg_result;

namespace ragbench::server {

// A statement failed. sqlstate() is the server's SQLSTATE ("" for client-side failures such as a
// lost connection or a timeout); connection_lost() says the connection is unusable now.
class pg_error : public store_error {
 public:
  pg_error(const std::string& what, std::string sqlstate, bool connection_lost)
      : store_error(what), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }
  // SQLSTATE class 22 (data exception: bad encoding, out of range) or 23 (constraint violation):
  // the input was wrong, not the backend.
  bool bad_input() const { return sqlstate_.rfind("22", 0) == 0 || sqlstate_.rfind("23", 0) == 0; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// The rows of one statement (owns the PGresult). Values are text; NULL reads as "".
class pg_rows {
 public:
  explicit pg_rows(pg_result* result);
  ~pg_rows();
  pg_rows(pg_rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  pg_rows& operator=(pg_rows&&) = delete;
  pg_rows(const pg_rows&) = delete;
  pg_rows& operator=(const pg_rows&) = delete;

  int size() const;
  bool empty() const { return size() == 0; }
  std::string_view text(int row, int column) const;
  std::int64_t int64(int row, int column) const;  // throws pg_error when not an integer
  std::uint64_t uint64(int row, int column) const;

 private:
  pg_result* result_;
};

// A named statement, prepared on each connection the first time it runs there.
struct pg_statement {
  const char* name;
  const char* sql;
};

class pg_connection final : public pooled_connection {
 public:
  // Connects to `conninfo` (a libpq URI or key=value string). Throws pool_connect_error with
  // libpq's message on failure or after connect_timeout.
  pg_connection(const std::string& conninfo, std::chrono::milliseconds connect_timeout,
                std::chrono::milliseconds query_timeout);
  ~pg_connection() override;
  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;

  // SELECT 1 within `timeout`; false (never throws) when it fails.
  bool ping(std::chrono::milliseconds timeout) override;
  // Runs `s` with text parameters ($1, $2, ...). Throws pg_error.
  pg_rows run(const pg_statement& s, const std::vector<std::string>& params);
  // Runs one or more plain SQL commands (BEGIN, COMMIT, DDL). Throws pg_error.
  pg_rows exec(const std::string& sql);
  // ROLLBACK, swallowing failures (then the connection counts as broken).
  void rollback_quietly() noexcept;

  // False once the connection failed, timed out or was left inside a transaction: do not reuse.
  bool reusable() const;
  // Statements that completed successfully on this connection (for safe-retry decisions).
  std::uint64_t completed() const { return completed_; }

 private:
  pg_rows finish(const std::string& what, std::chrono::milliseconds timeout);
  [[noreturn]] void fail(const std::string& what);

  pg_conn* conn_ = nullptr;
  std::chrono::milliseconds query_timeout_;
  std::unordered_set<std::string> prepared_;
  std::uint64_t completed_ = 0;
  bool failed_ = false;
};

}  // namespace ragbench::server
