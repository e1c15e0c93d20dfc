// Fail-open back-off of Redis-backed components (see redis_backoff.hpp).
#include "server/redis/redis_backoff.hpp"

#include <algorithm>

namespace ragbench::server {

bool redis_backoff::may_try() {
  if (healthy_.load(std::memory_order_relaxed)) return true;
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (now < retry_at_) return false;
  retry_at_ = now + backoff_;  // one probe per back-off period
  probing_ = true;
  return true;
}

void redis_backoff::on_failure() {
  std::lock_guard lock(mutex_);
  failure_epoch_.fetch_add(1);
  if (healthy_.load()) {
    backoff_ = first_backoff;
  } else if (probing_) {
    backoff_ = std::min(backoff_ * 2, max_backoff);
  } else {
    return;  // a call already under way when Redis failed: the window is set
  }
  probing_ = false;
  healthy_.store(false);
  retry_at_ = clock_.now() + backoff_;
}

bool redis_backoff::ready(redis_connection& connection, std::chrono::milliseconds timeout) const {
  const auto epoch = failure_epoch();
  if (connection.tag == epoch) return true;
  if (!connection.ping(timeout)) return false;
  connection.tag = epoch;
  return true;
}

void redis_backoff::on_success() {
  if (healthy_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(mutex_);
  healthy_.store(true);
  probing_ = false;
  backoff_ = std::chrono::milliseconds{0};
}

std::unique_ptr<connection_pool> make_redis_pool(std::string name, pool_options options, const redis_url& url,
                                                 std::chrono::milliseconds command_timeout,
                                                 const redis_backoff& backoff, const clock_source& clock) {
  options.acquire_timeout = std::min(options.acquire_timeout, command_timeout);
  return make_pool(
      std::move(name), options,
      [&url, &backoff, command_timeout](std::chrono::milliseconds connect_timeout) -> std::unique_ptr<pooled_connection> {
        auto connection = std::make_unique<redis_connection>(url, connect_timeout, command_timeout);
        connection->tag = backoff.failure_epoch();
        return connection;
      },
      clock);
}

}  // namespace ragbench::server
