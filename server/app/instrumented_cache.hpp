#pragma once
// Wraps any cache and counts lookups in cache_requests_total{tier,result} (result: hit|miss) and
// their latency in cache_lookup_duration_seconds{tier}; exports cache_entries{tier}.
#include <memory>

#include "server/cache/cache.hpp"
#include "server/metrics/metrics_registry.hpp"

namespace ragbench::server {

class instrumented_cache final : public cache {
 public:
  // `registry` must outlive this object.
  instrumented_cache(std::unique_ptr<cache> inner, metrics_registry& registry);
  ~instrumented_cache() override;

  std::optional<std::string> get(const cache_key& key) override;
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override {
    inner_->put(key, std::move(value), ttl);
  }
  void invalidate_all() override { inner_->invalidate_all(); }
  std::string_view name() const override { return inner_->name(); }
  cache_stats stats() const override { return inner_->stats(); }
  bool healthy() const override { return inner_->healthy(); }

 private:
  std::unique_ptr<cache> inner_;
  metrics_registry& registry_;
  counter& hits_;
  counter& misses_;
  histogram& lookup_seconds_;
};

}  // namespace ragbench::server
