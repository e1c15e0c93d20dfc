// Per-tier cache metrics: one relaxed counter increment and one histogram observation per lookup.
#include "server/cache/instrumented_cache.hpp"

#include <chrono>

namespace ragbench::server {
namespace {

counter& lookups(metrics_registry& registry, std::string_view tier, const char* result) {
  return registry.add_counter("cache_requests_total", "Cache lookups by tier and result", {"tier", "result"})
      .labels({std::string(tier), result});
}

}  // namespace

instrumented_cache::instrumented_cache(std::unique_ptr<cache> inner, metrics_registry& registry)
    : inner_(std::move(inner)),
      hits_(lookups(registry, inner_->name(), "hit")),
      misses_(lookups(registry, inner_->name(), "miss")),
      lookup_seconds_(registry
                          .add_histogram("cache_lookup_duration_seconds", "Cache lookup latency by tier", {"tier"},
                                         {1e-6, 5e-6, 2e-5, 1e-4, 3e-4, 1e-3, 5e-3, 0.02, 0.1})
                          .labels({std::string(inner_->name())})) {}

instrumented_cache::~instrumented_cache() = default;

std::optional<cache_hit> instrumented_cache::lookup(const cache_key& key) {
  auto started = std::chrono::steady_clock::now();
  std::optional<cache_hit> hit;
  try {
    hit = inner_->lookup(key);
  } catch (...) {
    lookup_seconds_.observe(std::chrono::steady_clock::now() - started);
    misses_.inc();
    throw;
  }
  lookup_seconds_.observe(std::chrono::steady_clock::now() - started);
  (hit ? hits_ : misses_).inc();
  return hit;
}

}  // namespace ragbench::server
