#pragma once
// Wraps one cache tier and counts its lookups in cache_requests_total{tier,result} (result:
// hit|miss) and their latency in cache_lookup_duration_seconds{tier}. A tiered cache is built
// from instrumented tiers, so each tier counts the lookups that reached it. Wraps the query path
// only: the tier's status and pools are read from the strategy itself (cache_tier).
#include <memory>

#include "server/cache/cache.hpp"
#include "server/metrics/metrics_registry.hpp"

namespace ragbench::server {

class instrumented_cache final : public cache {
 public:
  // Registers (or joins) the two families; `registry` must outlive this object. The tier label
  // is inner->name().
  instrumented_cache(std::unique_ptr<cache> inner, metrics_registry& registry);
  ~instrumented_cache() override;

  // Counts one lookup; a lookup that throws counts as a miss and rethrows.
  std::optional<cache_hit> lookup(const cache_key& key) override;
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override {
    inner_->put(key, std::move(value), ttl);
  }
  void invalidate_all() override { inner_->invalidate_all(); }
  std::string_view name() const override { return inner_->name(); }

 private:
  std::unique_ptr<cache> inner_;
  counter& hits_;
  counter& misses_;
  histogram& lookup_seconds_;
};

}  // namespace ragbench::server
