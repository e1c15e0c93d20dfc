// compare_runs: gathers each endpoint's data from both sides and judges every metric.
#include "loadgen/compare/comparison.hpp"

#include <algorithm>

#include "common/hash.hpp"
#include "loadgen/compare/bootstrap.hpp"
#include "loadgen/compare/proportion_test.hpp"
#include "loadgen/compare/stream_comparison.hpp"

namespace ragbench::loadgen {
namespace {

// One endpoint's data on one side: one entry per run (an empty sample where the run lacks the endpoint).
struct side_data {
  std::vector<endpoint_sample> runs;
  bool present = false;        // some run has the endpoint
  bool histograms = true;      // every run has a histogram for it
  std::uint64_t requests = 0, failures = 0;
};

side_data gather(const std::vector<run_sample>& runs, const std::string& name) {
  side_data d;
  for (const auto& run : runs) {
    const auto* e = run.find(name);
    endpoint_sample s = e ? *e : endpoint_sample{};
    if (e) d.present = true;
    if (!run.has_histograms) d.histograms = false;
    if (run.has_histograms && !s.latency) s.latency.emplace();
    d.requests += s.requests;
    d.failures += s.failures;
    d.runs.push_back(std::move(s));
  }
  return d;
}

double summary_ms(const endpoint_sample& e, compare_metric m) {
  switch (m) {
    case compare_metric::p50: return e.p50_ms;
    case compare_metric::p95: return e.p95_ms;
    case compare_metric::p99: return e.p99_ms;
    default: return e.mean_ms;
  }
}

// Mean over runs of a per-run figure (the tolerance-only fallback).
template <typename F>
double mean_over(const side_data& d, F f) {
  double sum = 0;
  for (const auto& r : d.runs) sum += f(r);
  return d.runs.empty() ? 0 : sum / static_cast<double>(d.runs.size());
}

random_source rng_for(const compare_options& o, const std::string& endpoint, compare_metric m) {
  return random_source(fmix64(o.seed ^ fnv1a_64(to_string(m), fnv1a_64(endpoint))));
}

metric_comparison point_row(metric_comparison row, double base, double cand, const compare_options& o) {
  row.baseline = base;
  row.candidate = cand;
  row.change = base > 0 ? (cand - base) / base : 0;
  row.low = row.high = row.change;
  row.method = "tolerance-only";
  row.result = judge_point(base, cand, row.metric, o.tolerance_of(row.metric), is_latency(row.metric) ? o.min_abs_ms : 0);
  return row;
}

metric_comparison interval_row(metric_comparison row, const change_interval& c, const compare_options& o) {
  row.baseline = c.baseline;
  row.candidate = c.candidate;
  row.change = c.change;
  row.low = c.low;
  row.high = c.high;
  row.method = "bootstrap";
  row.result = judge_interval(c, row.metric, o.tolerance_of(row.metric), is_latency(row.metric) ? o.min_abs_ms : 0);
  return row;
}

metric_comparison latency_row(metric_comparison row, const side_data& b, const side_data& c, const compare_options& o) {
  if (b.requests == 0 || c.requests == 0) {
    row.method = "missing";
    row.note = b.requests == 0 ? "no requests in baseline" : "no requests in candidate";
    return row;
  }
  const compare_metric m = row.metric;
  if (!b.histograms || !c.histograms) {
    return point_row(std::move(row), mean_over(b, [&](const endpoint_sample& e) { return summary_ms(e, m); }),
                     mean_over(c, [&](const endpoint_sample& e) { return summary_ms(e, m); }), o);
  }
  auto blocks = [](const side_data& d) {
    std::vector<const hdr_histogram*> hs;
    for (const auto& r : d.runs) hs.push_back(&*r.latency);
    return histogram_blocks(hs);
  };
  const histogram_blocks hb = blocks(b), hc = blocks(c);
  const double q = percentile_of(m);
  auto point = [&](const histogram_blocks& h) { return (m == compare_metric::mean ? h.mean() : h.quantile(q)) / 1e6; };
  auto draw = [&](const histogram_blocks& h) {
    return [&h, m, q](random_source& rng) {
      return (m == compare_metric::mean ? h.draw_mean(rng) : h.draw_quantile(q, rng)) / 1e6;
    };
  };
  auto rng = rng_for(o, row.endpoint, m);
  const auto ci = bootstrap_change(point(hb), point(hc), draw(hb), draw(hc), o.iterations, o.confidence, rng);
  return interval_row(std::move(row), ci, o);
}

metric_comparison rps_row(metric_comparison row, const side_data& b, const side_data& c, const compare_options& o) {
  auto blocks = [](const side_data& d) {
    std::vector<throughput_blocks::run> runs;
    for (const auto& r : d.runs) runs.push_back({r.rps, r.per_second});
    return throughput_blocks(std::move(runs));
  };
  const throughput_blocks tb = blocks(b), tc = blocks(c);
  auto resamplable = [](const side_data& d) {
    return d.runs.size() >= 2 || std::all_of(d.runs.begin(), d.runs.end(), [](const auto& r) { return r.per_second.size() >= 3; });
  };
  if (!resamplable(b) || !resamplable(c)) return point_row(std::move(row), tb.point(), tc.point(), o);
  auto rng = rng_for(o, row.endpoint, row.metric);
  const auto ci = bootstrap_change(
      tb.point(), tc.point(), [&](random_source& r) { return tb.draw(r); }, [&](random_source& r) { return tc.draw(r); },
      o.iterations, o.confidence, rng);
  return interval_row(std::move(row), ci, o);
}

metric_comparison error_row(metric_comparison row, const side_data& b, const side_data& c, const compare_options& o) {
  const auto t = two_proportion_test(b.failures, b.requests, c.failures, c.requests, o.confidence);
  row.baseline = t.baseline;
  row.candidate = t.candidate;
  row.change = t.difference;
  row.low = t.low;
  row.high = t.high;
  row.p_value = t.p_value;
  row.method = "two-proportion";
  row.result = judge_error_rate(t, o.tolerance_of(compare_metric::error_rate), o.confidence);
  return row;
}

std::vector<std::string> endpoint_names(const std::vector<run_sample>& b, const std::vector<run_sample>& c) {
  std::vector<std::string> names{std::string(aggregate_endpoint)};
  for (const auto* side : {&b, &c}) {
    for (const auto& run : *side) {
      for (const auto& e : run.endpoints) {
        if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
      }
    }
  }
  return names;
}

}  // namespace

bool comparison::regressed() const { return count(verdict::worse) != 0; }

std::size_t comparison::count(verdict v) const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [v](const auto& r) { return r.result == v; }));
}

comparison compare_runs(const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options) {
  validate(options);
  if (baseline.empty()) throw compare_input_error("compare: no baseline run given");
  if (candidate.empty()) throw compare_input_error("compare: no candidate run given");
  comparison out;
  out.options = options;
  for (const auto& r : baseline) out.baseline_sources.push_back(r.source);
  for (const auto& r : candidate) out.candidate_sources.push_back(r.source);
  for (const auto* side : {&baseline, &candidate}) {
    for (const auto& r : *side) {
      if (!r.has_histograms) out.histograms = false;
      if (!r.generator_valid) {
        out.notes.push_back(r.source + ": the load generator was the limit in this run (" + r.generator_reason +
                            "); its figures are not trustworthy");
      }
    }
  }
  if (!out.histograms) {
    out.notes.push_back("some inputs are summary.json only (no histograms): latency is judged by tolerance only, "
                        "without a noise estimate");
  }
  for (const auto& name : endpoint_names(baseline, candidate)) {
    if (!options.endpoints.empty() &&
        std::find(options.endpoints.begin(), options.endpoints.end(), name) == options.endpoints.end()) {
      continue;
    }
    const side_data b = gather(baseline, name), c = gather(candidate, name);
    for (auto m : all_compare_metrics) {
      metric_comparison row;
      row.endpoint = name;
      row.metric = m;
      if (!b.present || !c.present) {
        row.method = "missing";
        row.note = b.present ? "only in baseline" : "only in candidate";
        out.rows.push_back(std::move(row));
        continue;
      }
      if (is_latency(m)) {
        out.rows.push_back(latency_row(std::move(row), b, c, options));
      } else if (m == compare_metric::rps) {
        out.rows.push_back(rps_row(std::move(row), b, c, options));
      } else {
        out.rows.push_back(error_row(std::move(row), b, c, options));
      }
    }
    if (b.present && c.present) append_stream_rows(out.rows, name, baseline, candidate, options);
  }
  for (const auto& name : options.endpoints) {
    if (std::none_of(out.rows.begin(), out.rows.end(), [&](const auto& r) { return r.endpoint == name; })) {
      throw compare_input_error("--endpoint '" + name + "': no such endpoint in either side");
    }
  }
  return out;
}

}  // namespace ragbench::loadgen
