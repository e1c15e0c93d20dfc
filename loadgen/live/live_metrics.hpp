#pragma once
// loadgen's own live metrics (loadgen run --metrics-listen), the figures behind GET /metrics:
// per-endpoint request, failure and error-kind counters and a latency histogram with fixed buckets,
// all cumulative since the run started, plus the load's gauges (users, arrival rate) and the open
// model's late and dropped starts. Built on the engine's controlling thread from a progress tick
// (which must carry per-endpoint figures: engine_options::per_endpoint_progress) or, at the end,
// from the final run_result; rendered by prometheus_text().
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/stats/endpoint_progress.hpp"

namespace ragbench::loadgen {

// The upper bounds (seconds) of loadgen_request_duration_seconds' buckets; +Inf follows.
inline constexpr std::array<double, 17> latency_bucket_bounds_s = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

struct live_endpoint_metrics {
  std::string name;
  std::uint64_t requests = 0, failures = 0, rate_limited = 0;
  std::array<std::uint64_t, error_kind_count> errors{};
  // Cumulative counts: latency_buckets[i] = requests whose latency was <= latency_bucket_bounds_s[i].
  // A latency is placed by the upper edge of its HDR bucket (at most 0.8 % above the true value),
  // so a bucket never counts a request that was slower than its bound.
  std::array<std::uint64_t, latency_bucket_bounds_s.size()> latency_buckets{};
  std::uint64_t latency_count = 0;  // the +Inf bucket
  double latency_sum_s = 0;

  static live_endpoint_metrics of(const endpoint_progress& p);
};

struct live_metrics {
  std::vector<live_endpoint_metrics> endpoints;
  bool open_model = false;
  std::uint64_t users = 0;
  double arrival_rate_per_s = 0;
  std::uint64_t late = 0, dropped = 0;
  double elapsed_s = 0, planned_s = 0;
  bool finished = false;
};

// From a tick carrying per-endpoint figures.
live_metrics metrics_of(const progress_view& p);
// At the end: every endpoint from the final statistics (exact), gauges from `last` (the last
// tick's metrics; arrival rate 0), finished = true.
live_metrics final_metrics(const run_result& run, std::chrono::nanoseconds elapsed, const live_metrics& last);

}  // namespace ragbench::loadgen
