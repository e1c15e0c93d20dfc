#pragma once
// The "postgres" store: documents, chunks and jobs in PostgreSQL (libpq), through a connection pool
// (make_pool("postgres", ...): none, fixed or elastic). Every write runs in a transaction that is
// committed before the call returns (durable as PostgreSQL's synchronous_commit makes it).
//
// Failure behaviour: nothing waits unboundedly. Acquiring a connection waits at most
// pool.acquire_timeout, connecting at most pool.connect_timeout, each statement at most
// query_timeout (then it is cancelled). Any backend failure throws store_error (-> 503): pool
// exhausted, PostgreSQL down or unreachable, connection lost. A connection that failed is marked
// broken and discarded by the pool, so service resumes by itself when PostgreSQL is back. An
// operation whose connection turns out dead before its first statement completed (a pooled
// connection PostgreSQL closed while idle) is retried once on a fresh connection: every write
// starts with BEGIN, so such a retry never applies anything twice.
// Bad input (e.g. text PostgreSQL cannot store, such as a NUL byte) throws std::invalid_argument.
#include <chrono>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/pool/pooled_backend.hpp"
#include "server/store/document_store.hpp"
#include "server/store/pg_connection.hpp"

namespace ragbench::server {

class postgres_store final : public document_store, public pooled_backend {
 public:
  static constexpr std::chrono::milliseconds default_query_timeout{10'000};

  // Validates `url` (std::invalid_argument when empty or malformed), builds the pool, connects
  // once and migrates the schema (store_error when PostgreSQL is unreachable or the schema is
  // newer than this build). Thread-safe after construction.
  postgres_store(const std::string& url, const pool_options& pool,
                 std::chrono::milliseconds query_timeout = default_query_timeout);
  ~postgres_store() override;

  job create_document(document& doc) override;
  std::optional<document> get_document(std::uint64_t id) override;
  document_page list_documents(std::uint64_t after_id, std::size_t limit) override;
  bool delete_document(std::uint64_t id) override;
  // One INSERT ... SELECT FROM unnest(arrays) for all chunks, inside the replacing transaction.
  bool put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get_chunk(std::uint64_t chunk_id) override;
  // Pages of 512 chunks by id; `fn` runs with no connection held, so it may call back.
  void for_each_chunk(const std::function<void(const chunk&)>& fn) override;
  // Absolute update (idempotent); a job that no longer exists is ignored.
  void update_job(const job& j) override;
  std::optional<job> get_job(std::uint64_t id) override;
  std::vector<job> unfinished_jobs() override;
  std::size_t document_count() override;
  std::size_t chunk_count() override;
  // SELECT 1 through the pool: true, or store_error naming the reason (PostgreSQL down, pool
  // exhausted, timeout) so /health/detailed can show why — the health probe reports exceptions.
  bool ping() override;
  std::string_view name() const override { return "postgres"; }
  pooled_backend* pooled() override { return this; }
  // One pool, named "postgres".
  std::vector<pool_snapshot> pools() const override;
  void observe_pool_acquire(pool_acquire_observer observer) override;
  void maintain_pools() override { pool_->maintain(); }

 private:
  template <class F>
  auto with_connection(F&& fn);

  std::string url_;
  std::chrono::milliseconds query_timeout_;
  steady_clock_source clock_;
  std::unique_ptr<connection_pool> pool_;
};

}  // namespace ragbench::server
