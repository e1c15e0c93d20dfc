// Tiered cache: first hit wins, promoted upwards; writes and invalidations fan out to all tiers;
// a throwing tier is skipped (counted), never fatal.
#include "server/cache/tiered_cache.hpp"

#include <stdexcept>
#include <string>

namespace ragbench::server {

tiered_cache::tiered_cache(std::vector<cache_tier> tiers) : tiers_(std::move(tiers)) {
  if (tiers_.empty()) throw std::invalid_argument("tiered cache: at least one tier is required");
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    if (!tiers_[i].data || !tiers_[i].status) {
      throw std::invalid_argument("tiered cache: tier " + std::to_string(i + 1) + " is missing");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (tiers_[j].name() == tiers_[i].name()) {
        throw std::invalid_argument("tiered cache: tier '" + std::string(tiers_[i].name()) + "' is listed twice");
      }
    }
  }
}

tiered_cache::~tiered_cache() = default;

std::optional<cache_hit> tiered_cache::lookup(const cache_key& key) {
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    std::optional<cache_hit> hit;
    try {
      hit = tiers_[i].data->lookup(key);
    } catch (const std::exception&) {
      failures_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (!hit) continue;
    for (std::size_t above = 0; above < i; ++above) {
      try {
        tiers_[above].data->put(key, hit->value, std::chrono::milliseconds(0));
      } catch (const std::exception&) {
        failures_.fetch_add(1, std::memory_order_relaxed);
      }
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    return hit;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void tiered_cache::put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) {
  puts_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    try {
      // The last tier may take the value; the others need their own copy.
      if (i + 1 == tiers_.size()) {
        tiers_[i].data->put(key, std::move(value), ttl);
      } else {
        tiers_[i].data->put(key, value, ttl);
      }
    } catch (const std::exception&) {
      failures_.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

void tiered_cache::invalidate_all() {
  for (auto& t : tiers_) {
    try {
      t.data->invalidate_all();
    } catch (const std::exception&) {
      failures_.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

cache_stats tiered_cache::stats() const {
  cache_stats out = tiers_.front().status->stats();
  out.hits = hits_.load(std::memory_order_relaxed);
  out.misses = misses_.load(std::memory_order_relaxed);
  out.puts = puts_.load(std::memory_order_relaxed);
  return out;
}

bool tiered_cache::healthy() const {
  for (const auto& t : tiers_) {
    if (!t.status->healthy()) return false;
  }
  return true;
}

}  // namespace ragbench::server
