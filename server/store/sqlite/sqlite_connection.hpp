#pragma once
// A thin RAII layer over one SQLite connection: open with the seeds' pragmas, cached prepared
// statements, transactions. Every failure throws store_error naming the file and the cause.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/store/store_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace ragbench::server {

class sqlite_connection;

// A prepared statement borrowed from a connection's cache; reset and unbound when destroyed.
// Not thread-safe (like its connection). Bind indexes start at 1, column indexes at 0.
class sqlite_statement {
 public:
  sqlite_statement(sqlite3_stmt* stmt, sqlite_connection& conn) : stmt_(stmt), conn_(conn) {}
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;
  ~sqlite_statement();

  sqlite_statement& bind(int index, std::int64_t value);
  sqlite_statement& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
  sqlite_statement& bind(int index, std::string_view text);  // copied by SQLite
  // Advances: true when a row is available, false when done. Throws store_error.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run() { while (step()) {} }
  std::int64_t column_int(int index) const;
  std::uint64_t column_uint(int index) const { return static_cast<std::uint64_t>(column_int(index)); }
  std::string column_text(int index) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite_connection& conn_;
};

// One connection. Not thread-safe: one thread at a time (the store hands connections out).
class sqlite_connection {
 public:
  enum class role { writer, reader };  // readers are query_only
  // Opens (creating when role::writer) `path` and applies journal_mode=WAL, synchronous=NORMAL,
  // cache_size=-64000, temp_store=MEMORY, mmap_size=268435456, busy_timeout=5000,
  // foreign_keys=ON. Throws store_error when the file cannot be opened or is not a database.
  sqlite_connection(std::string path, role r);
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;
  ~sqlite_connection();

  // Runs one or more statements without parameters.
  void exec(const char* sql);
  // Returns the cached prepared statement for `sql` (prepared on first use). `sql` must not be
  // in use already on this connection.
  sqlite_statement prepare(const std::string& sql);
  // Throws store_error for result code `rc` of operation `what`, with the path and a hint.
  [[noreturn]] void fail(int rc, std::string_view what) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded.
class sqlite_transaction {
 public:
  explicit sqlite_transaction(sqlite_connection& conn);
  sqlite_transaction(const sqlite_transaction&) = delete;
  sqlite_transaction& operator=(const sqlite_transaction&) = delete;
  ~sqlite_transaction();
  void commit();

 private:
  sqlite_connection& conn_;
  bool done_ = false;
};

}  // namespace ragbench::server
