#pragma once
// The backend of the "sqlite" store (the embedded default): one file <data_dir>/ragbench.sqlite3
// in WAL mode with synchronous=NORMAL, so every acknowledged write survives a crash or kill -9 of
// the process (not a power loss of the machine). Owns the schema and the connections, shared by
// the store's role objects (sqlite_documents, sqlite_chunks, sqlite_jobs, sqlite_users,
// sqlite_sessions, sqlite_conversations); also the store's
// health and pool roles.
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/pool/pooled_backend.hpp"
#include "server/store/sqlite/sqlite_connection.hpp"
#include "server/store/store_health.hpp"

namespace ragbench::server {

// Concurrency: writes go through one writer connection under a mutex (SQLite allows one writer);
// reads use a pool of up to `max_readers` connections (WAL readers never block the writer or
// each other). Thread-safe. Backend failures throw store_error.
class sqlite_database final : public store_health, public pooled_backend {
 public:
  // 1: documents, chunks, jobs; 2: users, sessions, conversations, messages.
  static constexpr int schema_version = 2;
  // Creates data_dir when missing, opens or creates the database and its schema. Throws
  // store_error when the directory or file cannot be created/opened, the file is not a database,
  // or its schema is newer than this build.
  explicit sqlite_database(const std::filesystem::path& data_dir, std::size_t max_readers = 4);
  ~sqlite_database() override;
  sqlite_database(const sqlite_database&) = delete;
  sqlite_database& operator=(const sqlite_database&) = delete;

  // Runs use(writer connection) holding the writer mutex; returns what `use` returns.
  template <class F>
  decltype(auto) with_writer(F&& use) {
    std::lock_guard lock(writer_mutex_);
    return use(*writer_);
  }
  // Runs use(reader connection) on a reader borrowed from the pool (waiting while all are busy)
  // and given back even when `use` throws; returns what `use` returns. Call with no connection
  // held by the calling thread.
  template <class F>
  decltype(auto) with_reader(F&& use) {
    reader_lease lease(*this);
    return use(*lease.connection);
  }

  const std::string& path() const { return path_; }

  // Runs SELECT 1 on a reader connection; false (never throws) on any failure.
  bool ping() override;
  std::size_t document_count() override;
  std::size_t chunk_count() override;

  // One pool, "sqlite_readers" (the writer is a single connection under a mutex). Acquisition
  // never times out: SQLite reads are short, so waiters always get a connection.
  std::vector<pool_snapshot> pools() const override;
  void observe_pool_acquire(pool_acquire_observer observer) override { acquire_observer_ = std::move(observer); }
  // Nothing to do: readers stay open for the database's lifetime.
  void maintain_pools() override {}

 private:
  struct reader_lease {
    explicit reader_lease(sqlite_database& db) : db(db), connection(db.acquire_reader()) {}
    ~reader_lease() { db.release_reader(std::move(connection)); }
    sqlite_database& db;
    std::unique_ptr<sqlite_connection> connection;
  };
  std::unique_ptr<sqlite_connection> acquire_reader();
  void release_reader(std::unique_ptr<sqlite_connection> conn);
  void create_schema();

  std::string path_;
  std::mutex writer_mutex_;
  std::unique_ptr<sqlite_connection> writer_;
  mutable std::mutex readers_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<sqlite_connection>> idle_readers_;
  std::size_t open_readers_ = 0;
  std::size_t max_readers_;
  std::size_t readers_in_use_ = 0;
  std::size_t reader_waiters_ = 0;
  std::uint64_t readers_acquired_ = 0;
  pool_acquire_observer acquire_observer_;
};

}  // namespace ragbench::server
