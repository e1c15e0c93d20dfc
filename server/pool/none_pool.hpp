#pragma once
// The "none" pool strategy: every acquisition opens a new connection and every release closes it
// (the baseline the pooled strategies are measured against). Unbounded: no waiters, no timeouts.
#include <atomic>
#include <string>

#include "server/pool/connection_pool.hpp"

namespace ragbench::server {

// Thread-safe; acquire() costs one connect (outside any lock), release one close.
class none_pool final : public connection_pool {
 public:
  // `clock` must outlive the pool; it times the wait (= the connect) reported to the observer.
  none_pool(std::string name, const pool_options& options, connection_factory factory,
            const clock_source& clock);

  pool_lease acquire() override;
  pool_snapshot snapshot() const override;
  void observe_acquire(pool_acquire_observer observer) override { observer_ = std::move(observer); }
  void maintain() override {}

 protected:
  void give_back(std::unique_ptr<pooled_connection> connection, bool broken) override;

 private:
  std::string name_;
  pool_options options_;
  connection_factory factory_;
  const clock_source& clock_;
  pool_acquire_observer observer_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::uint64_t> created_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> closed_{0};
};

}  // namespace ragbench::server
