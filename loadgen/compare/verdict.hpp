#pragma once
// Turning an interval into better / same / worse. A change is only called when the whole confidence
// interval lies beyond the tolerance (and, for latency, beyond the absolute floor too), so noise that the
// interval covers never produces a verdict.
#include <string_view>

#include "loadgen/compare/bootstrap.hpp"
#include "loadgen/compare/compare_metric.hpp"
#include "loadgen/compare/proportion_test.hpp"

namespace ragbench::loadgen {

enum class verdict { better, same, worse };

// "better", "same", "worse".
std::string_view to_string(verdict v);

// Latency/rps from a bootstrap interval. tolerance: relative; min_abs: absolute floor in the metric's
// unit (ms for latency; ignored for rps, pass 0).
verdict judge_interval(const change_interval& c, compare_metric m, double tolerance, double min_abs);
// Tolerance only (no histograms): the point change against the tolerance and floor.
verdict judge_point(double baseline, double candidate, compare_metric m, double tolerance, double min_abs);
// Error rate: worse when the test rejects "same ratio" at the confidence level and the difference exceeds
// the absolute tolerance; better symmetrically.
verdict judge_error_rate(const proportion_test_result& t, double tolerance, double confidence);
// Any ratio compared as a proportion (error_rate, goodput): like judge_error_rate, with m's direction
// (a fall in goodput is worse).
verdict judge_proportion(const proportion_test_result& t, compare_metric m, double tolerance, double confidence);

}  // namespace ragbench::loadgen
