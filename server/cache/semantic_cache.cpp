// Semantic cache: entries by label, an exact-text map, a FIFO of labels for eviction and an HNSW
// index of the entries' embeddings keyed by the same labels (freed labels are reused, so a
// re-add revives the marked-deleted hnswlib slot instead of growing the graph).
#include "server/cache/semantic_cache.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "server/cache/ttl_jitter.hpp"

namespace ragbench::server {

std::uint32_t semantic_cache::negation_signature(std::string_view text) {
  static constexpr std::array<std::string_view, 8> words = {"not", "no", "never", "without",
                                                            "cannot", "nor", "none", "neither"};
  std::uint32_t out = 0;
  std::string word;
  auto flush = [&] {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (word == words[i]) out |= 1u << i;
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) {
      word.push_back(static_cast<char>(std::tolower(c)));
      continue;
    }
    // "don't", "isn't": an apostrophe between n and t
    if (c == '\'' && !word.empty() && word.back() == 'n' && i + 1 < text.size() &&
        std::tolower(static_cast<unsigned char>(text[i + 1])) == 't') {
      out |= 1u << words.size();
    }
    flush();
  }
  flush();
  return out;
}

semantic_cache::semantic_cache(const cache_options& options, const clock_source& clock)
    : options_(options), clock_(clock) {
  if (options.capacity == 0) throw std::invalid_argument("semantic cache: capacity must be at least 1");
  if (options.embedding_dim == 0) throw std::invalid_argument("semantic cache: embedding_dim must be at least 1");
  if (options.default_ttl.count() <= 0) throw std::invalid_argument("semantic cache: default_ttl must be positive");
  if (!(options.ttl_jitter >= 0.0 && options.ttl_jitter < 1.0))
    throw std::invalid_argument("semantic cache: ttl_jitter must be in [0, 1)");
  if (!(options.semantic_threshold > 0.0 && options.semantic_threshold <= 1.0))
    throw std::invalid_argument("semantic cache: semantic_threshold must be in (0, 1]");
  index_ = make_index();
  entries_.reserve(std::min<std::size_t>(options.capacity, 1 << 16));
}

semantic_cache::~semantic_cache() = default;

std::unique_ptr<hnsw_index> semantic_cache::make_index() const {
  hnsw_options h;
  h.m = 16;
  h.ef_construction = 100;
  h.ef_search = 64;
  h.full_scan_threshold = 1000;
  h.initial_capacity = std::min<std::size_t>(options_.capacity, 1024);
  return std::make_unique<hnsw_index>(options_.embedding_dim, h);
}

void semantic_cache::check_embedding(std::span<const float> embedding) const {
  if (embedding.empty()) return;
  if (embedding.size() != options_.embedding_dim) {
    throw std::invalid_argument("semantic cache: embedding has " + std::to_string(embedding.size()) +
                                " components, expected " + std::to_string(options_.embedding_dim));
  }
  for (float x : embedding) {
    if (!std::isfinite(x)) throw std::invalid_argument("semantic cache: embedding has a non-finite component");
  }
}

std::optional<std::uint64_t> semantic_cache::find_locked(const cache_key& key, clock_source::time_point now,
                                                         std::vector<std::uint64_t>& expired) const {
  if (auto exact = by_text_.find(std::string(key.text)); exact != by_text_.end()) {
    const entry& e = entries_.at(exact->second);
    if (now < e.expires_at) return exact->second;
    expired.push_back(exact->second);
  }
  if (key.embedding.empty() || index_->size() == 0) return std::nullopt;
  const std::uint32_t negations = negation_signature(key.text);
  for (const auto& hit : index_->search(key.embedding, candidates)) {
    if (hit.score < options_.semantic_threshold) break;  // best first
    auto it = entries_.find(hit.id);
    if (it == entries_.end() || it->second.scope != key.scope || it->second.negations != negations) continue;
    if (now >= it->second.expires_at) {
      if (std::find(expired.begin(), expired.end(), hit.id) == expired.end()) expired.push_back(hit.id);
      continue;
    }
    return hit.id;
  }
  return std::nullopt;
}

std::optional<cache_hit> semantic_cache::lookup(const cache_key& key) {
  check_embedding(key.embedding);
  const auto now = clock_.now();
  std::vector<std::uint64_t> expired;
  {
    std::shared_lock lock(mutex_);
    if (auto label = find_locked(key, now, expired)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return cache_hit{entries_.at(*label).value, name()};
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  if (!expired.empty()) {
    std::unique_lock lock(mutex_);
    for (auto label : expired) {
      // Re-checked: another writer may have replaced or removed it since the shared lock.
      auto it = entries_.find(label);
      if (it == entries_.end() || now < it->second.expires_at) continue;
      erase_locked(label);
      expirations_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  return std::nullopt;
}

void semantic_cache::erase_locked(std::uint64_t label) {
  auto it = entries_.find(label);
  if (it == entries_.end()) return;
  if (it->second.indexed) index_->remove(label);
  by_text_.erase(it->second.text);
  oldest_.erase(it->second.age);
  entries_.erase(it);
  free_labels_.push_back(label);
}

void semantic_cache::put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) {
  check_embedding(key.embedding);
  puts_.fetch_add(1, std::memory_order_relaxed);
  if (ttl.count() <= 0) ttl = options_.default_ttl;
  ttl = std::min<std::chrono::milliseconds>(ttl, std::chrono::hours(24 * 365 * 50));
  const auto expires_at = clock_.now() + apply_ttl_jitter(key.text, ttl, options_.ttl_jitter);

  std::unique_lock lock(mutex_);
  std::uint64_t label;
  if (auto found = by_text_.find(std::string(key.text)); found != by_text_.end()) {
    label = found->second;
    entry& e = entries_.at(label);
    oldest_.splice(oldest_.end(), oldest_, e.age);
    e.scope = std::string(key.scope);
    e.negations = negation_signature(key.text);
    e.value = std::move(value);
    e.expires_at = expires_at;
    if (!key.embedding.empty()) {
      index_->add(label, key.embedding);  // replaces the old vector in place
      e.indexed = true;
    } else if (e.indexed) {
      index_->remove(label);
      e.indexed = false;
    }
    return;
  }
  while (entries_.size() >= options_.capacity) {
    erase_locked(oldest_.front());
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  if (!free_labels_.empty()) {
    label = free_labels_.back();
    free_labels_.pop_back();
  } else {
    label = next_label_++;
  }
  if (!key.embedding.empty()) index_->add(label, key.embedding);  // validated above: cannot throw on input
  oldest_.push_back(label);
  entry e{std::string(key.text),    std::string(key.scope),      std::move(value), expires_at,
          negation_signature(key.text), !key.embedding.empty(), std::prev(oldest_.end())};
  by_text_.emplace(e.text, label);
  entries_.emplace(label, std::move(e));
}

void semantic_cache::invalidate_all() {
  auto fresh = make_index();  // built outside the lock
  std::unique_lock lock(mutex_);
  index_ = std::move(fresh);
  entries_.clear();
  by_text_.clear();
  oldest_.clear();
  free_labels_.clear();
  next_label_ = 0;
}

cache_stats semantic_cache::stats() const {
  cache_stats out;
  out.hits = hits_.load(std::memory_order_relaxed);
  out.misses = misses_.load(std::memory_order_relaxed);
  out.puts = puts_.load(std::memory_order_relaxed);
  out.evictions = evictions_.load(std::memory_order_relaxed);
  out.expirations = expirations_.load(std::memory_order_relaxed);
  std::shared_lock lock(mutex_);
  out.entries = entries_.size();
  return out;
}

}  // namespace ragbench::server
