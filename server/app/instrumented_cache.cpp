#include "server/app/instrumented_cache.hpp"

#include <chrono>

namespace ragbench::server {

instrumented_cache::instrumented_cache(std::unique_ptr<cache> inner, metrics_registry& registry)
    : inner_(std::move(inner)),
      registry_(registry),
      hits_(registry.add_counter("cache_requests_total", "Cache lookups by tier and result", {"tier", "result"})
                .labels({std::string(inner_->name()), "hit"})),
      misses_(registry.add_counter("cache_requests_total", "Cache lookups by tier and result", {"tier", "result"})
                  .labels({std::string(inner_->name()), "miss"})),
      lookup_seconds_(registry
                          .add_histogram("cache_lookup_duration_seconds", "Cache lookup latency by tier", {"tier"},
                                         {1e-6, 5e-6, 2e-5, 1e-4, 5e-4, 1e-3, 5e-3, 0.02, 0.1})
                          .labels({std::string(inner_->name())})) {
  registry.add_callback_family("cache_entries", "Entries held by each cache tier", metric_type::gauge, {"tier"},
                               [this] {
                                 return std::vector<labelled_value>{
                                     {{std::string(inner_->name())}, static_cast<double>(inner_->stats().entries)}};
                               });
}

instrumented_cache::~instrumented_cache() { registry_.remove_callback("cache_entries"); }

std::optional<std::string> instrumented_cache::get(const cache_key& key) {
  auto started = std::chrono::steady_clock::now();
  auto value = inner_->get(key);
  lookup_seconds_.observe(std::chrono::steady_clock::now() - started);
  (value ? hits_ : misses_).inc();
  return value;
}

}  // namespace ragbench::server
