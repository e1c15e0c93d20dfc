// SQLite connection, statement and transaction wrappers; maps SQLite result codes to store_error.
#include "server/store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

namespace ragbench::server {

namespace {

std::string_view hint_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL: return "disk full";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "database file is corrupt or not an SQLite database";
    case SQLITE_CANTOPEN: return "cannot open the database file";
    case SQLITE_IOERR: return "I/O error";
    case SQLITE_READONLY: return "database is read-only";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "database stayed locked beyond busy_timeout";
    case SQLITE_PERM: return "permission denied";
    default: return "sqlite error";
  }
}

}  // namespace

sqlite_statement::~sqlite_statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}

sqlite_statement& sqlite_statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}

bool sqlite_statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_.fail(rc, sqlite3_sql(stmt_));
}

std::int64_t sqlite_statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string sqlite_statement::column_text(int index) const {
  const auto* p = sqlite3_column_text(stmt_, index);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

sqlite_connection::sqlite_connection(std::string path, role r) : path_(std::move(path)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (r == role::writer ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "sqlite store " + path_ + ": open failed: " + std::string(hint_for(rc)) +
                      (db_ ? std::string(" (") + sqlite3_errmsg(db_) + ")" : std::string());
    sqlite3_close(db_);
    db_ = nullptr;
    throw store_error(msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  try {
    exec("PRAGMA busy_timeout=5000");
    if (r == role::writer) {
      auto mode = prepare("PRAGMA journal_mode=WAL");
      if (!mode.step() || mode.column_text(0) != "wal")
        throw store_error("sqlite store " + path_ + ": cannot switch to WAL journal mode");
    }
    exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
         "PRAGMA mmap_size=268435456; PRAGMA foreign_keys=ON");
    if (r == role::reader) exec("PRAGMA query_only=1");
  } catch (...) {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    statements_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

sqlite_connection::~sqlite_connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void sqlite_connection::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string detail = err ? err : "";
    sqlite3_free(err);
    throw store_error("sqlite store " + path_ + ": " + std::string(hint_for(rc)) + " (" + detail +
                      ") in: " + sql);
  }
}

sqlite_statement sqlite_connection::prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare " + sql);
    it = statements_.emplace(sql, stmt).first;
  }
  return sqlite_statement(it->second, *this);
}

void sqlite_connection::fail(int rc, std::string_view what) const {
  throw store_error("sqlite store " + path_ + ": " + std::string(hint_for(rc)) + " (" +
                    sqlite3_errstr(rc) + ": " + (db_ ? sqlite3_errmsg(db_) : "no connection") +
                    ") in: " + std::string(what));
}

sqlite_transaction::sqlite_transaction(sqlite_connection& conn) : conn_(conn) {
  conn_.exec("BEGIN IMMEDIATE");
}

sqlite_transaction::~sqlite_transaction() {
  if (done_) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const store_error&) {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing more to undo.
  }
}

void sqlite_transaction::commit() {
  conn_.exec("COMMIT");
  done_ = true;
}

}  // namespace ragbench::server
