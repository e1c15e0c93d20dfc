#pragma once
// The "sqlite" store (the embedded default): one file <data_dir>/ragbench.sqlite3 in WAL mode with
// synchronous=NORMAL, so every acknowledged write survives a crash or kill -9 of the process
// (not a power loss of the machine).
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "server/pool/pooled_backend.hpp"
#include "server/store/document_store.hpp"
#include "server/store/sqlite_connection.hpp"

namespace ragbench::server {

// Concurrency: writes go through one writer connection under a mutex (SQLite allows one writer);
// reads use a pool of up to `max_readers` connections (WAL readers never block the writer or
// each other). Thread-safe. Backend failures throw store_error; bad arguments
// std::invalid_argument. Ids (documents, jobs) are AUTOINCREMENT: never reused.
class sqlite_store final : public document_store, public pooled_backend {
 public:
  static constexpr int schema_version = 1;
  // Creates data_dir when missing, opens or creates the database and its schema. Throws
  // store_error when the directory or file cannot be created/opened, the file is not a database,
  // or its schema is newer than this build.
  explicit sqlite_store(const std::filesystem::path& data_dir, std::size_t max_readers = 4);
  ~sqlite_store() override;

  job create_document(document& doc) override;
  std::optional<document> get_document(std::uint64_t id) override;
  document_page list_documents(std::uint64_t after_id, std::size_t limit) override;
  bool delete_document(std::uint64_t id) override;
  bool put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get_chunk(std::uint64_t chunk_id) override;
  // Reads in pages of 512 chunks and calls `fn` with no connection held, so `fn` may call back.
  void for_each_chunk(const std::function<void(const chunk&)>& fn) override;
  // Updates state, progress, total, error and updated_at_ms (now when 0) of an existing job;
  // a job that no longer exists (its document was deleted) is ignored.
  void update_job(const job& j) override;
  std::optional<job> get_job(std::uint64_t id) override;
  std::vector<job> unfinished_jobs() override;
  std::size_t document_count() override;
  std::size_t chunk_count() override;
  // Runs SELECT 1 on a reader connection; false (never throws) on any failure.
  bool ping() override;
  std::string_view name() const override { return "sqlite"; }
  pooled_backend* pooled() override { return this; }
  // One pool, "sqlite_readers" (the writer is a single connection under a mutex). Acquisition
  // never times out: SQLite reads are short, so waiters always get a connection.
  std::vector<pool_snapshot> pools() const override;
  void observe_pool_acquire(pool_acquire_observer observer) override { acquire_observer_ = std::move(observer); }
  // Nothing to do: readers stay open for the store's lifetime.
  void maintain_pools() override {}

  const std::string& path() const { return path_; }

 private:
  class reader_lease;
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
