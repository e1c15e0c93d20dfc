// Pool metrics: scrape-time callbacks over the backends' snapshots, plus one histogram handle per
// pool for the acquisition observer (looked up once, so observing takes no registry lock).
#include "server/app/pool_metrics.hpp"

#include <string>
#include <utility>

namespace ragbench::server {

std::vector<pool_snapshot> snapshots_of(const std::vector<pooled_backend*>& backends) {
  std::vector<pool_snapshot> out;
  for (const auto* b : backends) {
    for (auto& p : b->pools()) out.push_back(std::move(p));
  }
  return out;
}

void register_pool_metrics(metrics_registry& registry, const std::vector<pooled_backend*>& backends) {
  auto& acquire = registry.add_histogram("pool_acquire_duration_seconds", "Wait to acquire a pooled connection",
                                         {"pool"}, {1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10});
  std::vector<std::pair<std::string, histogram*>> handles;
  for (const auto& p : snapshots_of(backends)) handles.emplace_back(p.name, &acquire.labels({p.name}));
  auto observer = [handles](std::string_view pool, std::chrono::nanoseconds wait) {
    for (const auto& [name, h] : handles) {
      if (name == pool) h->observe(wait);
    }
  };
  for (auto* b : backends) b->observe_pool_acquire(observer);
  auto family = [backends](auto value_of) {
    return [backends, value_of] {
      std::vector<labelled_value> out;
      for (const auto& p : snapshots_of(backends)) out.push_back({{p.name}, static_cast<double>(value_of(p))});
      return out;
    };
  };
  registry.add_callback_family("pool_connections", "Pooled connections by state", metric_type::gauge,
                               {"pool", "state"}, [backends] {
                                 std::vector<labelled_value> out;
                                 for (const auto& p : snapshots_of(backends)) {
                                   out.push_back({{p.name, "idle"}, double(p.open - p.in_use)});
                                   out.push_back({{p.name, "in_use"}, double(p.in_use)});
                                 }
                                 return out;
                               });
  registry.add_callback_family("pool_max_connections", "Connections a pool may open", metric_type::gauge, {"pool"},
                               family([](const pool_snapshot& p) { return p.max; }));
  registry.add_callback_family("pool_waiters", "Threads waiting for a pooled connection", metric_type::gauge,
                               {"pool"}, family([](const pool_snapshot& p) { return p.waiters; }));
  registry.add_callback_family("pool_connections_created_total", "Connections opened by a pool",
                               metric_type::counter, {"pool"},
                               family([](const pool_snapshot& p) { return p.created; }));
  registry.add_callback_family("pool_acquires_total", "Connections handed out by a pool (new or reused)",
                               metric_type::counter, {"pool"},
                               family([](const pool_snapshot& p) { return p.acquired; }));
  registry.add_callback_family("pool_timeouts_total", "Acquisitions that gave up waiting", metric_type::counter,
                               {"pool"}, family([](const pool_snapshot& p) { return p.timeouts; }));
}

}  // namespace ragbench::server
