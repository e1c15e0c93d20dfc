// The sqlite store's backend: schema, one writer connection under a mutex, a pool of reader
// connections, and the health counts.
#include "server/store/sqlite/sqlite_database.hpp"

#include <chrono>
#include <iterator>
#include <system_error>

namespace ragbench::server {
namespace {

// Migrations, applied in order to a database whose schema_version is below theirs. Append new
// versions at the end; never edit an applied one. Version 1 predates the version check (every
// statement is IF NOT EXISTS), so it is also run on a database that has no schema_version yet.
struct migration {
  int version;
  const char* sql;
};

constexpr const char* schema_version_sql = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";

constexpr const char* documents_sql = R"sql(
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  content_type TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL,
  total INTEGER NOT NULL,
  error TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_document ON jobs(document_id);
CREATE INDEX IF NOT EXISTS jobs_unfinished ON jobs(id) WHERE state IN ('queued', 'running');
)sql";

// Users, login sessions (by token hash; expiry index for the purge) and conversations (listing
// is per user, newest first: index (user_id, id)) with their messages (index (conversation_id, id)).
constexpr const char* accounts_sql = R"sql(
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_at_ms);
CREATE TABLE IF NOT EXISTS conversations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  message_count INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations(user_id, id);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
)sql";

constexpr migration migrations[] = {{1, documents_sql}, {2, accounts_sql}};
static_assert(migrations[std::size(migrations) - 1].version == sqlite_database::schema_version);

}  // namespace

sqlite_database::sqlite_database(const std::filesystem::path& data_dir, std::size_t max_readers)
    : max_readers_(max_readers == 0 ? 1 : max_readers) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw store_error("sqlite store: cannot create data directory " + data_dir.string() + ": " + ec.message());
  path_ = (data_dir / "ragbench.sqlite3").string();
  writer_ = std::make_unique<sqlite_connection>(path_, sqlite_connection::role::writer);
  create_schema();
}

sqlite_database::~sqlite_database() = default;

void sqlite_database::create_schema() {
  std::lock_guard lock(writer_mutex_);
  sqlite_transaction tx(*writer_);
  writer_->exec(schema_version_sql);
  std::int64_t found = 0;
  {
    auto version = writer_->prepare("SELECT coalesce(max(version), 0) FROM schema_version");
    found = version.step() ? version.column_int(0) : 0;
  }
  if (found > schema_version)
    throw store_error("sqlite store " + path_ + ": schema version " + std::to_string(found) +
                      " is newer than this build supports (" + std::to_string(schema_version) + ")");
  for (const auto& m : migrations) {
    if (m.version <= found) continue;
    writer_->exec(m.sql);
  }
  if (found < schema_version) {
    writer_->exec("DELETE FROM schema_version");
    writer_->prepare("INSERT INTO schema_version(version) VALUES (?)").bind(1, std::int64_t{schema_version}).run();
  }
  tx.commit();
}

std::unique_ptr<sqlite_connection> sqlite_database::acquire_reader() {
  auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(readers_mutex_);
  ++reader_waiters_;
  reader_free_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < max_readers_; });
  --reader_waiters_;
  ++readers_in_use_;
  ++readers_acquired_;
  auto observe = [&] {
    if (acquire_observer_) acquire_observer_("sqlite_readers", std::chrono::steady_clock::now() - started);
  };
  if (!idle_readers_.empty()) {
    auto conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    lock.unlock();
    observe();
    return conn;
  }
  ++open_readers_;
  lock.unlock();
  try {
    auto conn = std::make_unique<sqlite_connection>(path_, sqlite_connection::role::reader);
    observe();
    return conn;
  } catch (...) {
    lock.lock();
    --open_readers_;
    --readers_in_use_;
    reader_free_.notify_one();
    throw;
  }
}

void sqlite_database::release_reader(std::unique_ptr<sqlite_connection> conn) {
  std::lock_guard lock(readers_mutex_);
  --readers_in_use_;
  idle_readers_.push_back(std::move(conn));
  reader_free_.notify_one();
}

std::vector<pool_snapshot> sqlite_database::pools() const {
  std::lock_guard lock(readers_mutex_);
  pool_snapshot p;
  p.name = "sqlite_readers";
  p.max = max_readers_;
  p.open = open_readers_;
  p.in_use = readers_in_use_;
  p.waiters = reader_waiters_;
  p.created = open_readers_;  // readers are never closed before the store is
  p.acquired = readers_acquired_;
  return {p};
}

std::size_t sqlite_database::document_count() {
  return with_reader([](sqlite_connection& c) {
    auto s = c.prepare("SELECT count(*) FROM documents");
    return s.step() ? static_cast<std::size_t>(s.column_int(0)) : std::size_t{0};
  });
}

std::size_t sqlite_database::chunk_count() {
  return with_reader([](sqlite_connection& c) {
    auto s = c.prepare("SELECT count(*) FROM chunks");
    return s.step() ? static_cast<std::size_t>(s.column_int(0)) : std::size_t{0};
  });
}

bool sqlite_database::ping() {
  try {
    return with_reader([](sqlite_connection& c) {
      auto s = c.prepare("SELECT 1");
      return s.step() && s.column_int(0) == 1;
    });
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace ragbench::server
