#pragma once
// Combining runs: the change of one statistic from baseline to candidate with a confidence interval that
// includes the noise *between* runs, not only the noise within them.
//
// Model (on the log scale, so changes are ratios and an interval can never reach -100 %): run r of a side
// measures x_r = mu + u_r + e_r, where u_r ~ (0, tau^2) is the run-to-run component (CPU frequency,
// neighbours, allocator and cache state, a server restart) and e_r ~ (0, w_r) the within-run noise
// (within_run.hpp). A side's estimate is the mean of its runs' x_r (the log of their geometric mean), with
// variance max(s^2, mean w) / n, s^2 the runs' sample variance (its expectation is tau^2 + mean w; the
// within-run part is its floor when a few runs agree by chance). The interval of the difference uses
// Student's t with Welch-Satterthwaite degrees of freedom, so 3 runs per side give an honestly wide interval.
//
// One run on a side gives no s^2. Its variance is then w_1 plus a between-run tau^2 measured elsewhere:
// on the other side's runs, or on earlier runs of the same configuration (`--noise-from`). Without any,
// the interval holds within-run noise only and `run_noise_known` is false: the caller must not call a
// change that run-to-run noise could explain.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ragbench::loadgen {

// One side's runs that have the statistic: log values and their within-run variances.
struct side_estimates {
  std::vector<double> log_values, within_variances;
  std::size_t runs() const { return log_values.size(); }
};

// A between-run spread of the log statistic measured on several runs.
struct between_run_spread {
  double tau2 = 0;          // variance between runs beyond the within-run noise (>= 0)
  double run_variance = 0;  // variance of one run's value: max(s^2, mean w)
  double df = 0;            // degrees of freedom of the estimate (runs - 1)
  std::size_t runs = 0;
  std::string source;       // where it was measured, e.g. "5 baseline runs"
};

// The spread of `s` (nullopt with fewer than 2 runs).
std::optional<between_run_spread> spread_of(const side_estimates& s, std::string source);

struct change_estimate {
  double log_change = 0;       // mean log candidate - mean log baseline
  double standard_error = 0;   // of log_change
  double df = 0;               // degrees of freedom of the t interval (1e9 = normal)
  double low = 0, high = 0;    // relative-change interval: exp(log_change -+ t * se) - 1, always > -1
  bool run_noise_known = true; // false: a one-run side had no between-run spread to borrow
  double run_sd = -1;          // standard deviation of one run's log value (run-to-run noise), -1 unknown
  std::string noise_source;    // where run_sd came from ("3 baseline and 3 candidate runs", ...)

  double change() const;       // exp(log_change) - 1
};

// Both sides need >= 1 run. `borrowed`: a spread for a side with one run (ignored when both have >= 2).
change_estimate estimate_change(const side_estimates& baseline, const side_estimates& candidate,
                                const std::optional<between_run_spread>& borrowed, double confidence);

// Quantile of Student's t distribution (df > 0; the normal quantile for df >= 1e6).
double student_t_quantile(double p, double df);

}  // namespace ragbench::loadgen
