// The "none" cache: counts requests, keeps nothing.
#include "server/cache/none_cache.hpp"

namespace ragbench::server {

std::optional<cache_hit> none_cache::lookup(const cache_key&) {
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void none_cache::put(const cache_key&, std::string, std::chrono::milliseconds) {
  puts_.fetch_add(1, std::memory_order_relaxed);
}

cache_stats none_cache::stats() const {
  cache_stats s;
  s.misses = misses_.load(std::memory_order_relaxed);
  s.puts = puts_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace ragbench::server
