// local_rate_limiter: a sharded map of GCRA states with on-demand eviction of idle buckets.
#include "server/ratelimit/local_rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "common/hash.hpp"

namespace ragbench::server {
namespace {

// One key per (class, client): the class spreads the client hash so each class has its own bucket.
std::uint64_t bucket_key(endpoint_class cls, std::uint64_t client) {
  return client ^ ((static_cast<std::uint64_t>(cls) + 1) * 0x9E3779B97F4A7C15ull);
}

}  // namespace

local_rate_limiter::local_rate_limiter(std::size_t max_buckets, const clock_source& clock, std::size_t shards)
    : clock_(clock), shards_count_(shards) {
  if (max_buckets == 0) throw std::invalid_argument("rate limiter: max_buckets must be at least 1");
  if (shards == 0) throw std::invalid_argument("rate limiter: shards must be at least 1");
  shards_count_ = std::min(shards, max_buckets);
  shard_capacity_ = max_buckets / shards_count_;  // >= 1; the total never exceeds max_buckets
  shards_ = std::make_unique<shard[]>(shards_count_);
  for (std::size_t i = 0; i < shards_count_; ++i) shards_[i].tat_us.reserve(shard_capacity_);
}

limit_decision local_rate_limiter::check(endpoint_class cls, const rate_limit& limit, std::uint64_t client) {
  const std::uint64_t key = bucket_key(cls, client);
  const std::int64_t now_us =
      std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch()).count();
  shard& s = shards_[fmix64(key) % shards_count_];
  std::lock_guard lock(s.mutex);
  auto it = s.tat_us.find(key);
  if (it == s.tat_us.end()) {
    if (s.tat_us.size() >= shard_capacity_) make_room(s, now_us);
    it = s.tat_us.emplace(key, 0).first;
  }
  limit_decision d;
  d.verdict = take_token(it->second, now_us, limit);
  d.outcome = d.verdict.allowed ? limit_outcome::allowed : limit_outcome::limited;
  return d;
}

void local_rate_limiter::make_room(shard& s, std::int64_t now_us) {
  std::erase_if(s.tat_us, [now_us](const auto& entry) { return entry.second <= now_us; });
  if (s.tat_us.size() < shard_capacity_) return;
  // Every bucket is still refilling: evict the 1/16 closest to full (smallest arrival time).
  std::vector<std::int64_t> tats;
  tats.reserve(s.tat_us.size());
  for (const auto& entry : s.tat_us) tats.push_back(entry.second);
  const std::size_t k = std::max<std::size_t>(1, shard_capacity_ / 16);
  std::nth_element(tats.begin(), tats.begin() + static_cast<std::ptrdiff_t>(k - 1), tats.end());
  const std::int64_t threshold = tats[k - 1];
  std::size_t dropped = 0;
  for (auto it = s.tat_us.begin(); it != s.tat_us.end() && dropped < k;) {
    if (it->second <= threshold) {
      it = s.tat_us.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  evictions_.fetch_add(dropped, std::memory_order_relaxed);
}

std::size_t local_rate_limiter::buckets() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shards_count_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    n += shards_[i].tat_us.size();
  }
  return n;
}

std::string local_rate_limiter::describe() const {
  return std::to_string(buckets()) + " buckets of at most " + std::to_string(max_buckets()) + ", " +
         std::to_string(evictions()) + " evicted early";
}

}  // namespace ragbench::server
