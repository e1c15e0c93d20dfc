// Value, change, interval and explanation text for the compare renderings.
#include "loadgen/compare/compare_format.hpp"

#include <algorithm>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

std::string signed_fixed(double v, int decimals) {
  const std::string s = fixed(v, decimals);
  return s[0] == '-' ? s : "+" + s;
}

std::string change_text(compare_metric m, double v) {
  if (is_ratio(m)) return signed_fixed(v * 100, 3) + " pp";
  if (v >= 1e8) return "+inf";
  return signed_fixed(v * 100, 1) + "%";
}

std::string percent(double v) { return fixed(v * 100, 1) + "%"; }

std::string runs_of(std::size_t n, const char* side) {
  return std::to_string(n) + " " + side + (n == 1 ? " run" : " runs");
}

std::string noise_text(const metric_comparison& r) {
  if (r.run_sd < 0) return "";
  return "the run-to-run noise (±" + percent(r.run_sd) + " per run, measured over " + r.noise_source + ")";
}

// Why a statistic's run-to-run noise is not trusted to be normal (metric_comparison::robust is false).
std::string heavy_tail_reason(const metric_comparison& r) {
  if (percentile_of(r.metric) > 50 || r.metric == compare_metric::mean) {
    return "one stall moves a " + std::string(to_string(r.metric)) + " 10x, so its run-to-run noise is heavy-tailed";
  }
  return "the endpoint's traffic is sporadic, so its run-to-run noise is heavy-tailed";
}

std::string statistic_explanation(const metric_comparison& r, const compare_options& o) {
  const std::string head = r.endpoint + " " + std::string(to_string(r.metric)) + " " + format_change(r) + " " +
                           format_interval(r) + ": " + std::string(to_string(r.result));
  const std::string tolerance = format_tolerance(r.metric, o.tolerance_of(r.metric)) + " tolerance";
  const std::string noise = noise_text(r);
  switch (r.result) {
    case verdict::worse:
    case verdict::better:
      return head + ": beyond the " + tolerance + (noise.empty() ? "" : " and " + noise) +
             (r.p_value >= 0 ? ", and the runs separate by rank (Mann-Whitney p = " + fixed(r.p_value, 3) + ")" : "") +
             (r.method == "within-run" || r.method == "none"
                  ? " (no run-to-run estimate, but beyond the " + format_tolerance(r.metric, o.gross_change) +
                        " gross-change bound)"
                  : "");
    case verdict::inconclusive: {
      const std::string would = "; about " + std::to_string(r.runs_needed) + " runs per side would tell";
      if (r.p_value >= 0) {  // the interval called it, the ranks of the runs did not
        return head + ": beyond the " + tolerance + ", but the runs do not separate by rank (Mann-Whitney p = " +
               fixed(r.p_value, 3) + "), which this statistic needs: " + heavy_tail_reason(r) + would;
      }
      const std::string by = r.method == "none" ? "the point values alone" : "the noise within each run alone";
      if (!r.robust) {
        return head + ": beyond the " + tolerance + " by " + by + ", but " + heavy_tail_reason(r) +
               ": it needs several runs on both sides" + would;
      }
      const bool single = r.baseline_runs == 1 && r.candidate_runs == 1;
      return head + ": beyond the " + tolerance + " by " + by +
             ", but one run per side cannot tell this from run-to-run noise" + would +
             (single ? " (or --noise-from a folder of earlier runs)" : "");
    }
    default: break;
  }
  if (!r.note.empty()) return head + ": " + r.note;
  const bool beyond = r.low > o.tolerance_of(r.metric) || r.high < 1 / (1 + o.tolerance_of(r.metric)) - 1;
  if (beyond && in_ms(r.metric)) {
    return head + ": beyond the " + tolerance + ", but by less than the " + fixed(o.min_abs_ms, 3) + " ms floor";
  }
  return head + ": the interval reaches within the " + tolerance + (noise.empty() ? "" : "; " + noise);
}

}  // namespace

bool has_stream_rows(const comparison& c) {
  return std::any_of(c.rows.begin(), c.rows.end(), [](const metric_comparison& r) { return is_stream_metric(r.metric); });
}

bool has_values(const metric_comparison& r) {
  return r.method != "missing" && r.method != "new" && r.method != "no-data";
}

std::string format_value(compare_metric m, double value) {
  if (in_ms(m)) return fixed(value, 3) + " ms";
  if (m == compare_metric::rps) return fixed(value, 1) + " req/s";
  if (m == compare_metric::output_tokens_per_s) return fixed(value, 1) + " tokens/s";
  return fixed(value * 100, 3) + "%";
}

std::string format_change(const metric_comparison& r) {
  if (!has_values(r)) return "-";
  return change_text(r.metric, r.change);
}

std::string format_interval(const metric_comparison& r) {
  if (!has_values(r)) return "-";
  return "[" + change_text(r.metric, r.low) + ", " + change_text(r.metric, r.high) + "]";
}

std::string format_tolerance(compare_metric m, double tolerance) {
  if (is_ratio(m)) return fixed(tolerance * 100, 3) + " pp";
  std::string s = fixed(tolerance * 100, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

std::string describe_method(const comparison& c) {
  const auto& o = c.options;
  std::string s = c.histograms ? "runs as random effects (spread between runs + time-block bootstrap within each run, " +
                                     std::to_string(o.iterations) + " resamples, seed " + std::to_string(o.seed) + ")"
                               : "runs as random effects (spread between runs only: summary.json input)";
  s += ", Student-t " + fixed(o.confidence * 100, 0) + "% intervals on the log scale; " +
       (o.service_time ? "service time (from the send)" : "latency (from the intended start)") + "; tolerances:";
  for (auto m : all_compare_metrics) s += " " + std::string(to_string(m)) + " " + format_tolerance(m, o.tolerance_of(m));
  if (has_stream_rows(c)) {
    for (auto m : stream_compare_metrics) s += " " + std::string(to_string(m)) + " " + format_tolerance(m, o.tolerance_of(m));
  }
  s += "; latency floor " + fixed(o.min_abs_ms, 3) + " ms; without a run-to-run estimate only changes beyond " +
       format_tolerance(compare_metric::p50, o.gross_change) + " are called";
  if (!c.noise_sources.empty()) {
    s += "; run-to-run noise of single runs from --noise-from (" + std::to_string(c.noise_sources.size()) + " runs)";
  }
  return s;
}

std::string describe_outcome(const comparison& c) {
  std::string counts = std::to_string(c.count(verdict::worse)) + " worse";
  auto with_names = [&](verdict v) {
    std::string names;
    for (const auto& e : c.endpoints_with(v)) names += (names.empty() ? "" : ", ") + e;
    const std::size_t n = c.endpoints_with(v).size();
    return ", " + std::to_string(n) + " " + std::string(to_string(v)) + (n == 1 ? " endpoint" : " endpoints") + " (" +
           names + ")";
  };
  if (c.count(verdict::missing) != 0) {
    counts += with_names(verdict::missing);
    if (c.options.allow_missing) counts += " allowed";
  }
  counts += ", " + std::to_string(c.count(verdict::better)) + " better, " + std::to_string(c.count(verdict::same)) +
            " same";
  if (c.count(verdict::inconclusive) != 0) counts += ", " + std::to_string(c.count(verdict::inconclusive)) + " inconclusive";
  if (c.count(verdict::added) != 0) counts += with_names(verdict::added);
  if (c.regressed()) return "REGRESSION: " + counts;
  if (c.inconclusive()) return "no regression claimed (some changes need more runs to judge): " + counts;
  return "no regression: " + counts;
}

std::string explain(const metric_comparison& r, const compare_options& o) {
  const std::string runs_b = runs_of(r.baseline_runs, "baseline"), runs_c = runs_of(r.candidate_runs, "candidate");
  if (!is_stream_metric(r.metric) && r.method == "missing") {
    return r.endpoint + ": " + std::to_string(r.baseline_requests) + " requests in " + runs_b + ", " +
           (r.note == "not in the candidate's scenario" ? "and the candidate's scenario has no such endpoint"
                                                        : "none in the candidate") +
           ": missing" + (o.allow_missing ? " (accepted by --allow-missing)" : ", which fails the comparison");
  }
  if (is_stream_metric(r.metric) && (r.method == "missing" || r.method == "new")) {
    return r.endpoint + " " + std::string(to_string(r.metric)) + ": " + r.note + ": " + std::string(to_string(r.result)) +
           (r.result == verdict::missing && !o.allow_missing ? ", which fails the comparison" : "");
  }
  if (r.method == "new") {
    return r.endpoint + ": " + std::to_string(r.candidate_requests) + " requests in " + runs_c +
           ", none in the baseline: new";
  }
  if (r.method == "no-data") return r.endpoint + ": " + r.note;
  if (is_ratio(r.metric)) {
    const std::string head = r.endpoint + " " + std::string(to_string(r.metric)) + " " + format_value(r.metric, r.baseline) + " -> " +
                             format_value(r.metric, r.candidate) + " (" + format_change(r) + " " + format_interval(r) +
                             ", p = " + fixed(r.p_value, 4) + "): " + std::string(to_string(r.result));
    const std::string tol = format_tolerance(r.metric, o.tolerance_of(r.metric)) + " tolerance";
    if (r.result != verdict::same) return head + ": significant and beyond the " + tol;
    return head + (r.p_value < 1 - o.confidence ? ": significant, but within the " + tol : ": not significant");
  }
  return statistic_explanation(r, o);
}

}  // namespace ragbench::loadgen
