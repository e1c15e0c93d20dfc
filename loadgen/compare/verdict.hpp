#pragma once
// Turning an interval into a verdict. A change is only called when the whole confidence interval lies
// beyond the tolerance (and, for latency, beyond the absolute floor too), so noise that the interval covers
// never produces a verdict; and when the interval could not include run-to-run noise (one run per side,
// no spread measured elsewhere) a change is `inconclusive` unless it lies beyond a large, stated bound.
#include <string_view>

#include "loadgen/compare/compare_metric.hpp"
#include "loadgen/compare/proportion_test.hpp"

namespace ragbench::loadgen {

// better / same / worse: judged. inconclusive: beyond the tolerance by within-run noise, but with no
// estimate of run-to-run noise. missing: the endpoint had traffic in the baseline and none in the
// candidate. added ("new"): traffic in the candidate only.
enum class verdict { better, same, worse, inconclusive, missing, added };

// "better", "same", "worse", "inconclusive", "missing", "new".
std::string_view to_string(verdict v);

// A relative-change interval [low, high] (> -1) of a latency or rps statistic, with the baseline value
// (in the metric's unit) for the absolute floor.
struct change_bounds {
  double baseline = 0;
  double low = 0, high = 0;
};

// tolerance: relative; min_abs: absolute floor in the metric's unit (ms for latency; pass 0 for rps);
// gross: the relative rise (e.g. 1.0 = +100 %, a doubling; a fall to 1/(1+gross)) beyond which a change
// is called even without run-to-run noise. run_noise_known false: better/worse become inconclusive unless
// the whole interval lies beyond `gross`.
verdict judge_change(const change_bounds& c, compare_metric m, double tolerance, double min_abs, bool run_noise_known,
                     double gross);
// A ratio compared as a proportion (error_rate, goodput): changed when the test rejects "same ratio" at
// the confidence level and the difference exceeds the absolute tolerance; m's direction decides which
// way is worse (a rise in the error rate, a fall in goodput).
verdict judge_proportion(const proportion_test_result& t, compare_metric m, double tolerance, double confidence);

}  // namespace ragbench::loadgen
