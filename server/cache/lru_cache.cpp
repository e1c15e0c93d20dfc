// Sharded LRU cache with TTL: each shard is a mutex + recency list + hash map of views into the
// list's keys (list nodes never move, so the views stay valid until the node is erased).
#include "server/cache/lru_cache.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/cache/key_hash.hpp"
#include "server/cache/ttl_jitter.hpp"

namespace ragbench::server {

struct lru_cache::entry {
  std::string key;
  std::string value;
  clock_source::time_point expires_at;
  std::size_t size_bytes = 0;
};

struct alignas(64) lru_cache::shard {
  std::mutex mutex;
  std::list<entry> recency;  // front = most recently used
  std::unordered_map<std::string_view, std::list<entry>::iterator> index;
  std::size_t capacity = 0;      // entries
  std::uint64_t max_bytes = 0;   // 0 = unbounded
  std::uint64_t bytes = 0;
};

namespace {

// Splits `total` into `parts` near-equal shares, the first ones taking the remainder.
std::uint64_t share(std::uint64_t total, std::size_t parts, std::size_t i) {
  return total / parts + (i < total % parts ? 1 : 0);
}

}  // namespace

lru_cache::lru_cache(const cache_options& options, const clock_source& clock)
    : options_(options), clock_(clock) {
  if (options.capacity == 0) throw std::invalid_argument("lru cache: capacity must be at least 1");
  if (options.shards == 0) throw std::invalid_argument("lru cache: shards must be at least 1");
  if (options.default_ttl.count() <= 0)
    throw std::invalid_argument("lru cache: default_ttl must be positive");
  if (!(options.ttl_jitter >= 0.0 && options.ttl_jitter < 1.0))
    throw std::invalid_argument("lru cache: ttl_jitter must be in [0, 1)");
  std::size_t n = std::min(options.shards, options.capacity);
  if (options.max_bytes > 0) n = static_cast<std::size_t>(std::min<std::uint64_t>(n, options.max_bytes));
  shards_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto s = std::make_unique<shard>();
    s->capacity = static_cast<std::size_t>(share(options.capacity, n, i));
    s->max_bytes = options.max_bytes > 0 ? share(options.max_bytes, n, i) : 0;
    s->index.reserve(s->capacity);
    shards_.push_back(std::move(s));
  }
}

lru_cache::~lru_cache() = default;

lru_cache::shard& lru_cache::shard_for(std::string_view key) {
  return *shards_[key_hash(key) % shards_.size()];
}

void lru_cache::erase_locked(shard& s, std::list<entry>::iterator it) {
  s.bytes -= it->size_bytes;
  s.index.erase(std::string_view(it->key));
  s.recency.erase(it);
  entries_.fetch_sub(1, std::memory_order_relaxed);
}

std::optional<cache_hit> lru_cache::lookup(const cache_key& key) {
  shard& s = shard_for(key.text);
  const auto now = clock_.now();
  std::lock_guard lock(s.mutex);
  auto found = s.index.find(key.text);
  if (found == s.index.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  auto it = found->second;
  if (now >= it->expires_at) {
    erase_locked(s, it);
    expirations_.fetch_add(1, std::memory_order_relaxed);
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  s.recency.splice(s.recency.begin(), s.recency, it);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return cache_hit{it->value, name()};
}

void lru_cache::put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) {
  puts_.fetch_add(1, std::memory_order_relaxed);
  if (ttl.count() <= 0) ttl = options_.default_ttl;
  // Clamped so now + ttl cannot overflow the nanosecond time_point (292 years of range).
  ttl = std::min<std::chrono::milliseconds>(ttl, std::chrono::hours(24 * 365 * 50));
  const auto expires_at = clock_.now() + apply_ttl_jitter(key.text, ttl, options_.ttl_jitter);
  const std::size_t size_bytes = key.text.size() + value.size();
  shard& s = shard_for(key.text);
  std::lock_guard lock(s.mutex);
  auto found = s.index.find(key.text);
  if (s.max_bytes > 0 && size_bytes > s.max_bytes) {
    if (found != s.index.end()) erase_locked(s, found->second);
    return;
  }
  if (found != s.index.end()) {
    auto it = found->second;
    s.bytes = s.bytes - it->size_bytes + size_bytes;
    it->value = std::move(value);
    it->expires_at = expires_at;
    it->size_bytes = size_bytes;
    s.recency.splice(s.recency.begin(), s.recency, it);
  } else {
    s.recency.push_front(entry{std::string(key.text), std::move(value), expires_at, size_bytes});
    s.index.emplace(std::string_view(s.recency.front().key), s.recency.begin());
    s.bytes += size_bytes;
    entries_.fetch_add(1, std::memory_order_relaxed);
  }
  while (s.recency.size() > s.capacity || (s.max_bytes > 0 && s.bytes > s.max_bytes)) {
    erase_locked(s, std::prev(s.recency.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
}

void lru_cache::invalidate_all() {
  for (auto& s : shards_) {
    std::lock_guard lock(s->mutex);
    entries_.fetch_sub(s->recency.size(), std::memory_order_relaxed);
    s->index.clear();
    s->recency.clear();
    s->bytes = 0;
  }
}

cache_stats lru_cache::stats() const {
  cache_stats out;
  out.hits = hits_.load(std::memory_order_relaxed);
  out.misses = misses_.load(std::memory_order_relaxed);
  out.puts = puts_.load(std::memory_order_relaxed);
  out.evictions = evictions_.load(std::memory_order_relaxed);
  out.expirations = expirations_.load(std::memory_order_relaxed);
  out.entries = entries_.load(std::memory_order_relaxed);
  return out;
}

}  // namespace ragbench::server
