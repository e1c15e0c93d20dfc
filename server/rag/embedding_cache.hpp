#pragma once
// A bounded map from query text to its embedding (seed 000's EmbeddingCache, seed 003's L1 idea):
// sharded by a hash of the text, each shard an LRU list under its own mutex, so a lookup locks one
// shard and never the whole cache. Keys are the exact text (two texts that differ in case are two
// entries); a hash collision cannot return another text's vector because the text is compared.
//
// Bounds: at most `capacity` entries (capacity / shards per shard, least recently used evicted
// first); a text longer than k_max_text_bytes is never stored. Memory: capacity x (4 x dimension +
// text + ~100 bytes) — 10 000 entries of 384 floats and 60-byte queries take ~17 MiB.
// No TTL: an embedding of a fixed model never goes stale, and corpus changes do not touch it.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ragbench::server {

struct embedding_cache_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;  // entries dropped to respect the capacity
  std::size_t entries = 0;
};

class embedding_cache {
 public:
  static constexpr std::size_t k_max_text_bytes = 4096;

  // Throws std::invalid_argument when capacity, dimension or shards is 0.
  embedding_cache(std::size_t capacity, std::size_t dimension, std::size_t shards = 16);

  // On a hit copies the vector into `out` (out.size() == dimension()), marks it recently used and
  // returns true; counts a hit or a miss. Thread-safe; cost: one hash of the text, one shard lock,
  // one map lookup and a copy of 4 x dimension bytes.
  bool get(std::string_view text, std::span<float> out);
  // Stores (or refreshes) the vector of `text`, evicting the shard's least recently used entry
  // when it is full. Texts longer than k_max_text_bytes are ignored. Thread-safe.
  void put(std::string_view text, std::span<const float> vector);

  std::size_t dimension() const { return dimension_; }
  std::size_t capacity() const { return shard_capacity_ * shard_count_; }
  // Sums over the shards (takes each shard lock in turn).
  embedding_cache_stats stats() const;

 private:
  struct entry {
    std::string text;
    std::vector<float> vector;
  };
  struct alignas(64) shard {
    mutable std::mutex mutex;
    std::list<entry> lru;  // front = most recently used
    std::unordered_map<std::string_view, std::list<entry>::iterator> index;  // views into lru's texts
    std::uint64_t hits = 0, misses = 0, evictions = 0;
  };
  shard& shard_of(std::string_view text);

  std::size_t dimension_;
  std::size_t shard_count_;
  std::size_t shard_capacity_;
  std::unique_ptr<shard[]> shards_;
};

}  // namespace ragbench::server
