// Latency, rps and error-rate rows of one endpoint (see metric_rows.hpp).
#include "loadgen/compare/metric_rows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "common/hash.hpp"
#include "loadgen/compare/proportion_test.hpp"
#include "loadgen/compare/run_noise.hpp"
#include "loadgen/compare/shift_interval.hpp"

namespace ragbench::loadgen {
namespace {

// The value of a run read from summary.json (no histogram: no within-run estimate); nullopt when the run
// has no such figure (a stream metric of a run that did not stream).
std::optional<double> summary_value(const endpoint_sample& e, compare_metric m) {
  const auto* st = e.stream ? &*e.stream : nullptr;
  switch (m) {
    case compare_metric::p50: return e.p50_ms;
    case compare_metric::p95: return e.p95_ms;
    case compare_metric::p99: return e.p99_ms;
    case compare_metric::mean: return e.mean_ms;
    case compare_metric::rps: return e.rps;
    case compare_metric::ttft_p50: return st ? std::optional(st->ttft_p50_ms) : std::nullopt;
    case compare_metric::ttft_p95: return st ? std::optional(st->ttft_p95_ms) : std::nullopt;
    case compare_metric::ttft_p99: return st ? std::optional(st->ttft_p99_ms) : std::nullopt;
    case compare_metric::itl_p99: return st ? std::optional(st->itl_p99_ms) : std::nullopt;
    case compare_metric::tpot_p50: return st ? std::optional(st->tpot_p50_ms) : std::nullopt;
    case compare_metric::tpot_p99: return st ? std::optional(st->tpot_p99_ms) : std::nullopt;
    case compare_metric::output_tokens_per_s: return st ? std::optional(st->output_tokens_per_s) : std::nullopt;
    default: return std::nullopt;
  }
}

// Per run with the statistic: its log value and within-run variance. Latency and stream times in ms.
side_estimates estimates_of(const side_endpoint& s, compare_metric m) {
  side_estimates out;
  for (std::size_t r = 0; r < s.runs.size(); ++r) {
    const endpoint_sample* e = s.runs[r];
    if (!e || e->requests == 0) continue;
    if (s.within[r].has_data) {
      const run_point& p = s.within[r][m];
      if (!p.present) continue;
      out.log_values.push_back(in_ms(m) ? p.log_value - std::log(1e6) : p.log_value);  // ns -> ms
      out.within_variances.push_back(p.within_variance);
    } else if (!e->latency) {  // summary.json: the figures without a noise estimate
      const auto v = summary_value(*e, m);
      if (!v || (!in_ms(m) && *v <= 0)) continue;  // not streamed; a rate of 0 has no log
      out.log_values.push_back(std::log(std::max(in_ms(m) ? 1e-6 : 1e-9, *v)));
      out.within_variances.push_back(m == compare_metric::rps ? 1.0 / static_cast<double>(e->requests) : 0.0);
    }
  }
  return out;
}

std::string runs_text(std::size_t n, const std::string& label) {
  return std::to_string(n) + " " + label + (n == 1 ? " run" : " runs");
}

}  // namespace

bool steady_traffic(const std::vector<double>& per_second) {
  if (per_second.empty()) return false;
  double sum = 0, busy = 0;
  for (double n : per_second) {
    sum += n;
    busy += n > 0 ? 1 : 0;
  }
  const double mean = sum / static_cast<double>(per_second.size());
  double m2 = 0;
  for (double n : per_second) m2 += (n - mean) * (n - mean);
  const double variance = per_second.size() > 1 ? m2 / static_cast<double>(per_second.size() - 1) : 0;
  // Poisson-like or scheduled traffic has variance <= mean; bursts have far more. Fewer than 10 requests
  // say too little either way.
  return sum >= 10 && 2 * busy >= static_cast<double>(per_second.size()) && variance <= 4 * mean;
}

side_endpoint gather_side(const std::vector<run_sample>& runs, const std::string& name, std::string label,
                          const compare_options& o, std::uint64_t salt) {
  side_endpoint s;
  s.label = std::move(label);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const endpoint_sample* e = runs[r].find(name);
    s.runs.push_back(e);
    s.durations_s.push_back(runs[r].duration_s);
    s.duration_s += runs[r].duration_s;
    if (!runs[r].has_histograms) s.histograms = false;
    within_run_estimate w;
    if (e) {
      const bool steady = e->per_second.empty() ? static_cast<double>(e->requests) >= runs[r].duration_s
                                                : steady_traffic(e->per_second);
      s.steady = s.steady && steady;
      ++s.runs_listing;
      s.requests += e->requests;
      s.failures += e->failures;
      if (e->requests > 0) ++s.runs_with_traffic;
      s.slo_requests += e->slo_requests;
      s.good += e->good;
      if (e->stream) ++s.runs_streamed;
      if (e->latency && e->requests > 0) {
        random_source rng(fmix64(o.seed ^ fnv1a_64(name) ^ fmix64(salt * 1000003 + r)));
        const endpoint_sample* all = runs[r].find(aggregate_endpoint);
        w = estimate_within_run(*e, all ? all->requests : e->requests, o.iterations, rng);
      }
    }
    s.within.push_back(std::move(w));
  }
  return s;
}

int runs_for_rank(double confidence) {
  for (int n = 2; n < 50; ++n) {
    double combinations = 1;  // C(2n, n)
    for (int k = 1; k <= n; ++k) combinations = combinations * (n + k) / k;
    if (2 / combinations < 1 - confidence) return n;
  }
  return 50;
}

int runs_needed(double log_change, double tolerance, double confidence, double run_sd) {
  const double d = std::fabs(log_change), t = std::log1p(tolerance);
  if (d <= t) return 0;
  // The difference of two means of n runs has sd run_sd * sqrt(2 / n); solve
  // d - (z + z_power) * run_sd * sqrt(2 / n) > t with 80 % power. Unknown run_sd: d / sqrt(2).
  const double sd = run_sd >= 0 ? run_sd : d / std::sqrt(2.0);
  const double z = normal_quantile(0.5 + confidence / 2) + normal_quantile(0.8);
  const double n = std::ceil(2 * std::pow(z * sd / (d - t), 2));
  return static_cast<int>(std::clamp(n, 3.0, 1000.0));
}

metric_comparison statistic_row(metric_comparison row, const side_endpoint& b, const side_endpoint& c,
                                const side_endpoint* noise, const compare_options& o, bool loads_differ) {
  const compare_metric m = row.metric;
  const side_estimates be = estimates_of(b, m), ce = estimates_of(c, m);
  row.baseline_runs = be.runs();
  row.candidate_runs = ce.runs();
  if (be.runs() == 0 || ce.runs() == 0) {  // requests without latencies: nothing to judge
    row.method = "no-data";
    row.note = is_stream_time(m) ? "no samples on " + std::string(be.runs() == 0 ? "the baseline" : "the candidate") +
                                       " side (e.g. no stream had two tokens for TPOT)"
                                 : "no latencies recorded";
    return row;
  }
  // p50 and rps of steady traffic barely move when a run stalls: their run-to-run spread is close to normal,
  // may be borrowed by a side with one run, and a gross change of them is called without any spread. Tails
  // (and sporadic endpoints) are heavy-tailed between runs: nothing borrowed, and the ranks must agree.
  const bool central = m == compare_metric::p50 || m == compare_metric::ttft_p50 || m == compare_metric::tpot_p50;
  const bool robust = b.steady && c.steady && (central || is_rate(m));
  row.robust = robust;
  std::optional<between_run_spread> borrowed;
  if (robust && be.runs() >= 2 && ce.runs() == 1) {
    borrowed = spread_of(be, runs_text(be.runs(), "baseline"));
  } else if (robust && ce.runs() >= 2 && be.runs() == 1) {
    borrowed = spread_of(ce, runs_text(ce.runs(), "candidate"));
  } else if (robust && be.runs() == 1 && ce.runs() == 1 && noise) {
    const side_estimates ne = estimates_of(*noise, m);
    borrowed = spread_of(ne, std::to_string(ne.runs()) + " earlier runs (" + noise->label + ")");
  }
  const auto est = estimate_change(be, ce, borrowed, o.confidence);
  auto value = [&](const side_estimates& s) {
    double mean = 0;
    for (double x : s.log_values) mean += x;
    return std::exp(mean / static_cast<double>(s.runs()));
  };
  row.baseline = value(be);
  row.candidate = value(ce);
  row.change = est.change();
  row.low = est.low;
  row.high = est.high;
  if (est.run_sd >= 0) row.run_sd = std::expm1(est.run_sd);
  row.noise_source = est.noise_source;
  const bool histograms = b.histograms && c.histograms;
  // Stream metrics have no per-second histograms: their within-run noise is request-level only.
  const char* within = is_latency(m) || m == compare_metric::rps ? "runs+blocks" : "runs+requests";
  row.method = est.run_noise_known ? (histograms ? within : "runs") : (histograms ? "within-run" : "none");
  if (is_rate(m) && loads_differ) {
    row.note = "loads differ: throughput not judged";
    row.result = verdict::same;
    return row;
  }
  const double floor = in_ms(m) ? o.min_abs_ms : 0;
  row.result = judge_change({row.baseline, row.low, row.high}, m, o.tolerance_of(m), floor, est.run_noise_known,
                            robust ? o.gross_change : std::numeric_limits<double>::infinity());
  if (!robust && (row.result == verdict::worse || row.result == verdict::better)) {
    // Heavy-tailed run-to-run noise: the normal model's interval is not trusted alone; the runs must also
    // separate by rank (distribution-free), which 3 runs per side never can at 95 %.
    row.p_value = estimate_shift(be.log_values, ce.log_values, o.confidence).p_value;
    if (row.p_value >= 1 - o.confidence) row.result = verdict::inconclusive;
  }
  if (row.result == verdict::inconclusive) {
    row.runs_needed = runs_needed(est.log_change, o.tolerance_of(m), o.confidence, est.run_sd);
    if (!robust) row.runs_needed = std::max(row.runs_needed, runs_for_rank(o.confidence));
  }
  return row;
}

metric_comparison proportion_row(metric_comparison row, const side_endpoint& b, const side_endpoint& c,
                                 const compare_options& o) {
  const bool goodput = row.metric == compare_metric::goodput;
  const auto t = goodput ? two_proportion_test(b.good, b.slo_requests, c.good, c.slo_requests, o.confidence)
                         : two_proportion_test(b.failures, b.requests, c.failures, c.requests, o.confidence);
  row.baseline = t.baseline;
  row.candidate = t.candidate;
  row.change = t.difference;
  row.low = t.low;
  row.high = t.high;
  row.p_value = t.p_value;
  row.method = "two-proportion";
  row.baseline_runs = b.runs_with_traffic;
  row.candidate_runs = c.runs_with_traffic;
  row.result = judge_proportion(t, row.metric, o.tolerance_of(row.metric), o.confidence);
  return row;
}

}  // namespace ragbench::loadgen
