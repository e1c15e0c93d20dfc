#pragma once
// Synthetic runs with known answers for the compare tests. synthetic_run: latencies drawn from one lognormal
// distribution, per-second request counts with Poisson-like noise, a chosen number of failures.
// realistic_run: shaped like the runs a shared machine produces (bench/gate_calibration.sh): every run has
// its own speed factor (the run-to-run component), some seconds stall, and the per-second histograms are
// kept as the time series keeps them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/hdr_histogram.hpp"
#include "loadgen/compare/random_source.hpp"
#include "loadgen/stats/time_series.hpp"
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

struct realistic_spec {
  std::uint64_t rate = 300;        // requests per second
  int seconds = 5;                 // measured seconds
  double median_ms = 0.25;
  double sigma = 0.4;              // of log(latency) within a second
  double run_sd = 0.10;            // sd of log(run speed factor): run-to-run noise
  double stall_probability = 0.1;  // chance that a second holds a stall
  double stall_share = 0.2;        // share of a stalled second's requests that wait
  double stall_factor = 10;        // how much longer they wait
  double scale = 1;                // the true change (1.5 = 50 % slower)
  std::vector<int> stall_at;       // seconds that stall for sure (besides the random ones)
};

// One run with one endpoint "search" ("all" equals it), shaped as described at the top.
inline run_sample realistic_run(random_source& rng, std::string source, const realistic_spec& s) {
  endpoint_sample e;
  e.name = "search";
  e.latency.emplace();
  const double factor = std::exp(s.run_sd * rng.normal()) * s.scale;
  time_series series;
  for (int second = 0; second < s.seconds; ++second) {
    const bool stalled = rng.uniform() < s.stall_probability ||
                         std::find(s.stall_at.begin(), s.stall_at.end(), second) != s.stall_at.end();
    hdr_histogram h;
    for (std::uint64_t i = 0; i < s.rate; ++i) {
      double ms = s.median_ms * std::exp(s.sigma * rng.normal()) * factor;
      if (stalled && rng.uniform() < s.stall_share) ms *= s.stall_factor;
      h.record(static_cast<std::uint64_t>(ms * 1e6));
    }
    e.latency->add(h);
    series.append(second, s.rate, 0, h);
    e.per_second.push_back(static_cast<double>(s.rate));
    e.second_latency.push_back(series.points().back().latency);
  }
  e.requests = s.rate * static_cast<std::uint64_t>(s.seconds);
  e.rps = static_cast<double>(s.rate);
  e.p50_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(50)));
  e.p95_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(95)));
  e.p99_ms = ns_to_ms(static_cast<double>(e.latency->value_at_percentile(99)));
  e.mean_ms = ns_to_ms(e.latency->mean());
  run_sample r;
  r.source = std::move(source);
  r.duration_s = s.seconds;
  r.has_histograms = true;
  r.scenario = "synthetic";
  r.model = "open";
  r.load = "open: constant " + std::to_string(s.rate) + "/s for " + std::to_string(s.seconds) + "s";
  auto all = e;
  all.name = std::string(aggregate_endpoint);
  r.endpoints.push_back(std::move(all));
  r.endpoints.push_back(std::move(e));
  return r;
}

inline std::vector<run_sample> realistic_runs(random_source& rng, std::string prefix, int n, const realistic_spec& s) {
  std::vector<run_sample> out;
  for (int i = 0; i < n; ++i) out.push_back(realistic_run(rng, prefix + "-" + std::to_string(i + 1), s));
  return out;
}

}  // namespace ragbench::loadgen::testing
