#pragma once
// The backend of the "postgres" store: documents, chunks and jobs in PostgreSQL (libpq), through a
// connection pool (make_pool("postgres", ...): none, fixed or elastic), shared by the store's role
// objects (postgres_documents, postgres_chunks, postgres_jobs); also the store's health and pool
// roles. Every write runs in a transaction that is committed before the call returns (durable as
// PostgreSQL's synchronous_commit makes it).
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
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "common/clock.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/pool/pooled_backend.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/store_health.hpp"

namespace ragbench::server {

// Thread-safe after construction.
class postgres_database final : public store_health, public pooled_backend {
 public:
  static constexpr std::chrono::milliseconds default_query_timeout{10'000};

  // Validates `url` (std::invalid_argument when empty or malformed), builds the pool, connects
  // once and migrates the schema (store_error when PostgreSQL is unreachable or the schema is
  // newer than this build).
  postgres_database(const std::string& url, const pool_options& pool,
                    std::chrono::milliseconds query_timeout = default_query_timeout);
  ~postgres_database() override;
  postgres_database(const postgres_database&) = delete;
  postgres_database& operator=(const postgres_database&) = delete;

  // Runs use(connection) on a pooled connection and returns its result, with the failure
  // behaviour above: pool and backend failures become store_error, bad input
  // std::invalid_argument; a dead connection is marked broken and, when nothing completed on it
  // during this call, the call is retried once on a fresh connection (so `use` may run twice).
  template <class F>
  auto with_connection(F&& use);

  // SELECT 1 through the pool: true, or store_error naming the reason (PostgreSQL down, pool
  // exhausted, timeout) so /health/detailed can show why.
  bool ping() override;
  std::size_t document_count() override;
  std::size_t chunk_count() override;

  // One pool, named "postgres".
  std::vector<pool_snapshot> pools() const override { return {pool_->snapshot()}; }
  void observe_pool_acquire(pool_acquire_observer observer) override { pool_->observe_acquire(std::move(observer)); }
  void maintain_pools() override { pool_->maintain(); }

 private:
  std::string url_;
  std::chrono::milliseconds query_timeout_;
  steady_clock_source clock_;
  std::unique_ptr<connection_pool> pool_;
};

template <class F>
auto postgres_database::with_connection(F&& use) {
  for (int attempt = 0;; ++attempt) {
    pool_lease lease;
    try {
      lease = pool_->acquire();
    } catch (const pool_timeout_error& e) {
      throw store_error(e.what());
    } catch (const pool_connect_error& e) {
      throw store_error(e.what());
    }
    auto& conn = lease.as<pg_connection>();
    const auto completed_before = conn.completed();
    try {
      if constexpr (std::is_void_v<decltype(use(conn))>) {
        use(conn);
        if (!conn.reusable()) lease.mark_broken();
        return;
      } else {
        auto result = use(conn);
        if (!conn.reusable()) lease.mark_broken();
        return result;
      }
    } catch (const pg_error& e) {
      if (!conn.reusable()) lease.mark_broken();
      if (e.connection_lost() && conn.completed() == completed_before && attempt == 0) continue;
      if (e.bad_input()) throw std::invalid_argument(e.what());
      throw;
    } catch (...) {
      if (!conn.reusable()) lease.mark_broken();
      throw;
    }
  }
}

}  // namespace ragbench::server
