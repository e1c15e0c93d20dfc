#pragma once
// The `memory` limiter: buckets in this process, in a sharded hash map (one mutex per shard; a
// check locks one shard, never a global lock), one 8-byte state per bucket (token_bucket.hpp).
//
// Memory bound: at most `max_buckets` buckets over all classes and clients (each shard holds
// max_buckets / shards, rounded down), about 48 bytes each with the map's node and bucket array: the default
// 100 000 buckets stay under ~5 MiB. When a shard is full, buckets that are full again (idle: their
// state equals a new bucket's) are dropped first, which changes no decision; only if every bucket
// is still refilling are the 1/16 nearest to full evicted early (counted in evictions(): those
// clients get a fresh bucket sooner than they should). Cost of an eviction pass: O(shard size),
// at most once per shard_capacity / 16 inserts.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/clock.hpp"
#include "server/ratelimit/rate_limiter.hpp"

namespace ragbench::server {

class local_rate_limiter final : public rate_limiter {
 public:
  // Throws std::invalid_argument when max_buckets or shards is 0. `clock` must outlive the limiter.
  local_rate_limiter(std::size_t max_buckets, const clock_source& clock, std::size_t shards = 64);

  limit_decision check(endpoint_class cls, const rate_limit& limit, std::uint64_t client) override;
  bool may_block() const override { return false; }
  bool healthy() const override { return true; }
  std::string_view name() const override { return "memory"; }
  std::string describe() const override;

  // Buckets held now (all shards; takes each shard lock in turn).
  std::size_t buckets() const;
  // Buckets dropped before they were full again (see above).
  std::uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }
  std::size_t max_buckets() const { return shard_capacity_ * shards_count_; }

 private:
  struct alignas(64) shard {
    mutable std::mutex mutex;
    std::unordered_map<std::uint64_t, std::int64_t> tat_us;  // bucket key -> theoretical arrival time
  };
  void make_room(shard& s, std::int64_t now_us);

  const clock_source& clock_;
  std::size_t shards_count_;
  std::size_t shard_capacity_;
  std::unique_ptr<shard[]> shards_;
  std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace ragbench::server
