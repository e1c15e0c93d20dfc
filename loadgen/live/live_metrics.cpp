// live_metrics: per-endpoint HDR figures -> fixed Prometheus buckets, once a second.
#include "loadgen/live/live_metrics.hpp"

namespace ragbench::loadgen {

live_endpoint_metrics live_endpoint_metrics::of(const endpoint_progress& p) {
  live_endpoint_metrics m;
  m.name = p.name;
  m.requests = p.requests;
  m.failures = p.failures;
  m.rate_limited = p.rate_limited;
  m.errors = p.errors;
  std::array<std::uint64_t, latency_bucket_bounds_s.size()> per_bucket{};
  p.latency.for_each_bucket([&](const hdr_histogram::bucket& b) {
    const double upper_s = static_cast<double>(b.highest) / 1e9;
    for (std::size_t i = 0; i < latency_bucket_bounds_s.size(); ++i)
      if (upper_s <= latency_bucket_bounds_s[i]) {
        per_bucket[i] += b.count;
        break;
      }
  });
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < per_bucket.size(); ++i) m.latency_buckets[i] = running += per_bucket[i];
  m.latency_count = p.latency.count();
  m.latency_sum_s = static_cast<double>(p.latency.sum()) / 1e9;
  return m;
}

live_metrics metrics_of(const progress_view& p) {
  live_metrics m;
  for (const auto& e : p.endpoints) m.endpoints.push_back(live_endpoint_metrics::of(e));
  m.open_model = p.open_model;
  m.users = p.users;
  m.arrival_rate_per_s = p.target_rate_per_s;
  m.late = p.late;
  m.dropped = p.dropped;
  m.elapsed_s = std::chrono::duration<double>(p.elapsed).count();
  m.planned_s = std::chrono::duration<double>(p.total).count();
  return m;
}

live_metrics final_metrics(const run_result& run, std::chrono::nanoseconds elapsed, const live_metrics& last) {
  live_metrics m = last;
  m.endpoints.clear();
  for (const auto& e : run.stats.endpoints) m.endpoints.push_back(live_endpoint_metrics::of(endpoint_progress::of(e)));
  m.open_model = run.model == "open";
  m.arrival_rate_per_s = 0;
  m.late = run.totals.late;
  m.dropped = run.totals.dropped;
  m.elapsed_s = std::chrono::duration<double>(elapsed).count();
  if (m.planned_s == 0) m.planned_s = m.elapsed_s;
  m.finished = true;
  return m;
}

}  // namespace ragbench::loadgen
