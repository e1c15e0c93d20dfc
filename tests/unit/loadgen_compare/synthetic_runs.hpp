#pragma once
// Synthetic runs with known answers for the compare tests: latencies drawn from a lognormal distribution,
// per-second request counts with Poisson-like noise, a chosen number of failures.
#include <cmath>
#include <cstdint>
#include <string>

#include "common/hdr_histogram.hpp"
#include "loadgen/compare/random_source.hpp"
#include "loadgen/compare/run_sample.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen::testing {

struct synthetic_spec {
  std::uint64_t requests = 5000;
  double median_ms = 10;
  double sigma = 0.6;       // of log(latency)
  double scale = 1;         // multiplies every latency (1.2 = 20 % slower)
  double duration_s = 20;
  double rps_scale = 1;     // multiplies every second's request count
  std::uint64_t failures = 0;
};

inline hdr_histogram lognormal_histogram(random_source& rng, const synthetic_spec& s) {
  hdr_histogram h;
  for (std::uint64_t i = 0; i < s.requests; ++i) {
    const double ms = s.median_ms * std::exp(s.sigma * rng.normal()) * s.scale;
    h.record(static_cast<std::uint64_t>(ms * 1e6));
  }
  return h;
}

inline endpoint_sample synthetic_endpoint(random_source& rng, std::string name, const synthetic_spec& s) {
  endpoint_sample e;
  e.name = std::move(name);
  e.latency = lognormal_histogram(rng, s);
  e.requests = s.requests;
  e.failures = s.failures;
  const double per_second = static_cast<double>(s.requests) / s.duration_s * s.rps_scale;
  double total = 0;
  for (int i = 0; i < static_cast<int>(s.duration_s); ++i) {
    e.per_second.push_back(std::max(0.0, std::round(per_second + std::sqrt(per_second) * rng.normal())));
    total += e.per_second.back();
  }
  e.rps = total / s.duration_s;
  e.p50_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(50)));
  e.p95_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(95)));
  e.p99_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(99)));
  e.mean_ms = ns_to_ms(e.latency->mean());
  return e;
}

// A run with one endpoint "search"; "all" equals it.
inline run_sample synthetic_run(random_source& rng, std::string source, const synthetic_spec& s) {
  run_sample r;
  r.source = std::move(source);
  r.duration_s = s.duration_s;
  r.has_histograms = true;
  auto e = synthetic_endpoint(rng, "search", s);
  auto all = e;
  all.name = std::string(aggregate_endpoint);
  r.endpoints.push_back(std::move(all));
  r.endpoints.push_back(std::move(e));
  return r;
}

}  // namespace ragbench::loadgen::testing
