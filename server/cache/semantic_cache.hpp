#pragma once
// The "semantic" cache strategy: answers a query with the value cached for the most similar
// earlier query (cosine similarity of their embeddings >= a threshold) when both were asked with
// the same parameters (k, filters). The L3 tier (seed: 10 000 entries, 3600 s, threshold 0.85).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/cache/cache_options.hpp"
#include "server/index/hnsw_index.hpp"

namespace ragbench::server {

// Matching. lookup() first looks for the exact key text (so keys without an embedding still work,
// as an exact cache). Otherwise, with an embedding, it takes the `candidates` nearest cached
// embeddings from an in-process HNSW index (inner product on L2-normalised vectors = cosine;
// feature-hashing queries are sparse, so hnsw_index answers them exactly from its column store)
// and returns the most similar one that has similarity >= threshold, the same cache_key::scope,
// the same negation signature (see below) and has not expired. Keys are expected to be normalised by the caller; embeddings must be
// L2-normalised with options.embedding_dim components.
//
// Negation guard: bag-of-words embeddings put "when should I use X" and "when should I not use
// X" closer (cosine ~0.9) than most paraphrases (bench/semantic_eval_bench), so a match also
// needs the same set of negation words (not, no, never, without, cannot, nor, none, neither,
// and the "n't" contraction) in both key texts.
//
// Bounds: at most options.capacity entries; a put beyond that evicts the oldest-written entry
// (FIFO: a lookup does not refresh an entry, so lookups only need a shared lock). Evicted labels
// are removed from the index (hnswlib markDelete) and reused by later puts, so the graph never
// holds more than `capacity` slots. TTL: per entry, with deterministic jitter (apply_ttl_jitter),
// checked lazily on lookup() against the injected clock; an expired entry met by a lookup is
// removed and counted as an expiration.
//
// Thread-safe: one std::shared_mutex (lookups shared, writes exclusive). Cost: lookup O(key length)
// for an exact hit, else one index search (p50 ~35 µs at 10 000 sparse entries, see
// bench/cache_bench.cpp); put O(D + index insert).
class semantic_cache final : public cache, public cache_status {
 public:
  // Nearest cached queries examined per lookup (the best passing one wins).
  static constexpr std::size_t candidates = 16;

  // Throws std::invalid_argument when capacity or embedding_dim is 0, default_ttl <= 0,
  // ttl_jitter is outside [0, 1) or semantic_threshold is outside (0, 1]. `clock` must outlive
  // the cache.
  semantic_cache(const cache_options& options, const clock_source& clock);
  ~semantic_cache() override;

  // Throws std::invalid_argument when a non-empty embedding has the wrong size or a non-finite
  // component (nothing is changed then).
  std::optional<cache_hit> lookup(const cache_key& key) override;
  // ttl <= 0 means options.default_ttl; clamped to 50 years; jittered by key text. A put of a
  // key text already cached replaces its value, scope and embedding and makes it the newest.
  // A key without an embedding is stored for exact matches only.
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override;
  void invalidate_all() override;
  std::string_view name() const override { return "semantic"; }
  cache_stats stats() const override;

  double threshold() const { return options_.semantic_threshold; }

  // Which negation words `text` contains, as a bit set (0 = none). Pure; O(text length).
  static std::uint32_t negation_signature(std::string_view text);

 private:
  struct entry {
    std::string text;
    std::string scope;
    std::string value;
    clock_source::time_point expires_at;
    std::uint32_t negations = 0;  // negation_signature(text)
    bool indexed = false;         // has an embedding in index_
    std::list<std::uint64_t>::iterator age;
  };
  // Returns the label of the matching live entry, or nullopt; appends expired labels it met.
  std::optional<std::uint64_t> find_locked(const cache_key& key, clock_source::time_point now,
                                           std::vector<std::uint64_t>& expired) const;
  void erase_locked(std::uint64_t label);
  void check_embedding(std::span<const float> embedding) const;
  std::unique_ptr<hnsw_index> make_index() const;

  cache_options options_;
  const clock_source& clock_;
  mutable std::shared_mutex mutex_;
  std::unique_ptr<hnsw_index> index_;
  std::unordered_map<std::uint64_t, entry> entries_;       // by label
  std::unordered_map<std::string, std::uint64_t> by_text_;  // exact key text -> label
  std::list<std::uint64_t> oldest_;                         // labels, oldest write first
  std::vector<std::uint64_t> free_labels_;
  std::uint64_t next_label_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> puts_{0};
  std::atomic<std::uint64_t> evictions_{0};
  std::atomic<std::uint64_t> expirations_{0};
};

}  // namespace ragbench::server
