// Random-effects combination of runs with Welch-Satterthwaite degrees of freedom (see run_noise.hpp).
#include "loadgen/compare/run_noise.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

#include "loadgen/compare/proportion_test.hpp"

namespace ragbench::loadgen {
namespace {

constexpr double infinite_df = 1e9;

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

// A variance component, the degrees of freedom of its estimate, and which estimate it comes from:
// components from one estimate (a side's spread, also when the other side borrows it) are one term of
// the Welch-Satterthwaite sum, or the degrees of freedom would be overstated.
struct component {
  double variance;
  double df;
  int source;  // 0: within-run (exact enough), 1: baseline runs, 2: candidate runs, 3: borrowed elsewhere
};

// The variance of one side's mean log value, as components; false when a lone run has no spread.
bool side_components(const side_estimates& s, int own_source, const std::optional<between_run_spread>& borrowed,
                     int borrowed_source, std::vector<component>& out) {
  const auto n = static_cast<double>(s.runs());
  if (s.runs() >= 2) {
    const auto spread = *spread_of(s, "");
    const bool between_dominates = spread.run_variance > mean_of(s.within_variances);
    out.push_back({spread.run_variance / n, between_dominates ? n - 1 : infinite_df, between_dominates ? own_source : 0});
    return true;
  }
  out.push_back({s.within_variances.front(), infinite_df, 0});
  if (!borrowed) return false;
  out.push_back({borrowed->tau2, std::max(1.0, borrowed->df), borrowed_source});
  return true;
}

}  // namespace

std::optional<between_run_spread> spread_of(const side_estimates& s, std::string source) {
  if (s.runs() < 2) return std::nullopt;
  const double mean = mean_of(s.log_values);
  double m2 = 0;
  for (double x : s.log_values) m2 += (x - mean) * (x - mean);
  const double s2 = m2 / static_cast<double>(s.runs() - 1);
  const double within = mean_of(s.within_variances);
  between_run_spread b;
  b.tau2 = std::max(0.0, s2 - within);
  b.run_variance = std::max(s2, within);
  b.df = static_cast<double>(s.runs() - 1);
  b.runs = s.runs();
  b.source = std::move(source);
  return b;
}

double change_estimate::change() const { return std::expm1(log_change); }

change_estimate estimate_change(const side_estimates& baseline, const side_estimates& candidate,
                                const std::optional<between_run_spread>& borrowed, double confidence) {
  change_estimate c;
  c.log_change = mean_of(candidate.log_values) - mean_of(baseline.log_values);
  std::vector<component> parts;
  // A borrowed spread is the other side's own estimate when that side has several runs.
  const int borrowed_source = baseline.runs() >= 2 ? 1 : candidate.runs() >= 2 ? 2 : 3;
  const bool b_known = side_components(baseline, 1, baseline.runs() >= 2 ? std::nullopt : borrowed, borrowed_source, parts);
  const bool c_known = side_components(candidate, 2, candidate.runs() >= 2 ? std::nullopt : borrowed, borrowed_source, parts);
  c.run_noise_known = b_known && c_known;
  double variance = 0, denominator = 0;
  for (int source = 0; source <= 3; ++source) {
    double v = 0, df = infinite_df;
    for (const auto& p : parts) {
      if (p.source != source) continue;
      v += p.variance;
      df = std::min(df, p.df);
    }
    variance += v;
    if (source != 0 && df < infinite_df) denominator += v * v / df;
  }
  c.standard_error = std::sqrt(variance);
  c.df = denominator > 0 ? std::min(infinite_df, variance * variance / denominator) : infinite_df;
  const double t = student_t_quantile(0.5 + confidence / 2, c.df);
  c.low = std::expm1(c.log_change - t * c.standard_error);
  c.high = std::expm1(c.log_change + t * c.standard_error);

  // The run-to-run noise to report: the pooled variance of one run's value over the sides with runs.
  const auto b = spread_of(baseline, ""), k = spread_of(candidate, "");
  if (b && k) {
    c.run_sd = std::sqrt((b->run_variance * b->df + k->run_variance * k->df) / (b->df + k->df));
    c.noise_source = std::to_string(b->runs) + " baseline and " + std::to_string(k->runs) + " candidate runs";
  } else if (b || k) {
    c.run_sd = std::sqrt((b ? b : k)->run_variance);
    c.noise_source = std::to_string((b ? b : k)->runs) + (b ? " baseline runs" : " candidate runs");
  } else if (borrowed) {
    c.run_sd = std::sqrt(borrowed->run_variance);
    c.noise_source = borrowed->source;
  }
  return c;
}

double student_t_quantile(double p, double df) {
  if (!(df < 1e6)) return normal_quantile(p);
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

}  // namespace ragbench::loadgen
