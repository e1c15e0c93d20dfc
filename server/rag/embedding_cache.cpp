// embedding_cache: sharded LRU of query text -> embedding.
#include "server/rag/embedding_cache.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/hash.hpp"

namespace ragbench::server {

embedding_cache::embedding_cache(std::size_t capacity, std::size_t dimension, std::size_t shards)
    : dimension_(dimension) {
  if (capacity == 0) throw std::invalid_argument("embedding cache: capacity must be at least 1");
  if (dimension == 0) throw std::invalid_argument("embedding cache: dimension must be at least 1");
  if (shards == 0) throw std::invalid_argument("embedding cache: shards must be at least 1");
  shard_count_ = std::min(shards, capacity);
  shard_capacity_ = capacity / shard_count_;  // never above `capacity`
  shards_ = std::make_unique<shard[]>(shard_count_);
}

embedding_cache::shard& embedding_cache::shard_of(std::string_view text) {
  return shards_[fmix64(fnv1a_64(text)) % shard_count_];
}

bool embedding_cache::get(std::string_view text, std::span<float> out) {
  if (out.size() != dimension_) throw std::invalid_argument("embedding cache: output size differs from dimension");
  shard& s = shard_of(text);
  std::lock_guard lock(s.mutex);
  auto it = s.index.find(text);
  if (it == s.index.end()) {
    ++s.misses;
    return false;
  }
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  std::copy(it->second->vector.begin(), it->second->vector.end(), out.begin());
  ++s.hits;
  return true;
}

void embedding_cache::put(std::string_view text, std::span<const float> vector) {
  if (vector.size() != dimension_) throw std::invalid_argument("embedding cache: vector size differs from dimension");
  if (text.size() > k_max_text_bytes) return;
  shard& s = shard_of(text);
  std::lock_guard lock(s.mutex);
  if (auto it = s.index.find(text); it != s.index.end()) {
    std::copy(vector.begin(), vector.end(), it->second->vector.begin());
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return;
  }
  if (s.lru.size() >= shard_capacity_) {
    s.index.erase(s.lru.back().text);
    s.lru.pop_back();
    ++s.evictions;
  }
  s.lru.push_front(entry{std::string(text), std::vector<float>(vector.begin(), vector.end())});
  s.index.emplace(s.lru.front().text, s.lru.begin());
}

embedding_cache_stats embedding_cache::stats() const {
  embedding_cache_stats out;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    const shard& s = shards_[i];
    std::lock_guard lock(s.mutex);
    out.hits += s.hits;
    out.misses += s.misses;
    out.evictions += s.evictions;
    out.entries += s.lru.size();
  }
  return out;
}

}  // namespace ragbench::server
