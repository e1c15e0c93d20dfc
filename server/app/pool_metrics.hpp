#pragma once
// The connection pools of every pooled backend (the store, the redis cache tier) on /metrics:
// pool_connections{pool,state}, pool_max_connections, pool_waiters,
// pool_connections_created_total, pool_acquires_total and pool_timeouts_total (read from
// snapshots at scrape time) and pool_acquire_duration_seconds{pool} (fed by each backend's
// acquisition observer).
#include <vector>

#include "server/metrics/metrics_registry.hpp"
#include "server/pool/pool_snapshot.hpp"
#include "server/pool/pooled_backend.hpp"

namespace ragbench::server {

// Every pool of `backends`, in order. Thread-safe as pooled_backend::pools() is.
std::vector<pool_snapshot> snapshots_of(const std::vector<pooled_backend*>& backends);

// Registers the families and installs the acquisition observer on every backend; call once during
// set-up, before concurrent use. The backends must outlive every later registry.render() (the
// callbacks read them at each scrape).
void register_pool_metrics(metrics_registry& registry, const std::vector<pooled_backend*>& backends);

}  // namespace ragbench::server
