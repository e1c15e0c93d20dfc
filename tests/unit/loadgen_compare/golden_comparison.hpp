#pragma once
// The golden comparison of compare's rendering tests (compare.md, compare.json, junit.xml, the table and
// compare.html). Baseline: 3 runs of search + upload + export. Candidate: 3 runs, search 25 % slower,
// upload with 3 % failures, export gone, a new endpoint "chat". Every run has its own speed factor
// (run-to-run noise).
#include <string>
#include <utility>
#include <vector>

#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/random_source.hpp"
#include "loadgen/report/number_format.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

namespace ragbench::loadgen::testing {

struct golden_sides {
  std::vector<run_sample> baseline, candidate;
};

inline golden_sides golden_runs() {
  random_source rng(42);
  auto run = [&](std::string source, double factor, std::vector<std::pair<std::string, synthetic_spec>> eps) {
    run_sample r;
    r.source = std::move(source);
    r.duration_s = 20;
    r.has_histograms = true;
    r.scenario = "demo";
    r.model = "open";
    r.load = "open: constant 500/s for 20.0s";
    endpoint_sample all;
    all.name = std::string(aggregate_endpoint);
    all.latency.emplace();
    all.per_second.assign(20, 0.0);
    for (auto& [name, spec] : eps) {
      spec.scale *= factor;
      auto e = synthetic_endpoint(rng, name, spec);
      all.latency->add(*e.latency);
      all.requests += e.requests;
      all.failures += e.failures;
      all.rps += e.rps;
      for (std::size_t i = 0; i < 20; ++i) all.per_second[i] += e.per_second[i];
      r.endpoints.push_back(std::move(e));
    }
    all.p50_ms = ns_to_ms(static_cast<double>(all.latency->value_at_percentile(50)));
    r.endpoints.insert(r.endpoints.begin(), std::move(all));
    return r;
  };
  golden_sides sides;
  auto& base = sides.baseline;
  auto& cand = sides.candidate;
  const double factors[] = {1.0, 1.04, 0.97};
  for (int i = 0; i < 3; ++i) {
    base.push_back(run("reports/baselines/demo/run-" + std::to_string(i + 1), factors[i],
                       {{"search", {.requests = 8000}},
                        {"upload", {.requests = 2000, .median_ms = 40, .failures = 2}},
                        {"export", {.requests = 400, .median_ms = 20}}}));
    cand.push_back(run("reports/runs/candidate/run-" + std::to_string(i + 1), factors[2 - i],
                       {{"search", {.requests = 8000, .scale = 1.25}},
                        {"upload", {.requests = 2000, .median_ms = 40, .failures = 60}},
                        {"chat", {.requests = 500, .median_ms = 300}}}));
  }
  return sides;
}

inline comparison golden_comparison() {
  const auto sides = golden_runs();
  compare_options o;
  o.iterations = 500;
  o.seed = 7;
  return compare_runs(sides.baseline, sides.candidate, o);
}

}  // namespace ragbench::loadgen::testing
