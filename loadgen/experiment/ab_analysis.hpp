#pragma once
// The statistics of an A/B experiment: per metric, the shift B - A over trials with its confidence
// interval (shift_interval.hpp) and a verdict for B, plus the interleaved trial order.
#include <cstdint>
#include <string>
#include <vector>

#include "loadgen/experiment/ab_metric.hpp"
#include "loadgen/compare/shift_interval.hpp"

namespace ragbench::loadgen {

struct ab_settings {
  double confidence = 0.95;  // of the interval over trials
  double min_change = 0.01;  // a significant change smaller than this fraction of A's median is "same"
};

struct ab_metric_result {
  ab_metric metric;
  std::vector<double> a, b;        // one value per trial (NaN: not measured in that trial)
  double median_a = 0, median_b = 0;
  shift_interval shift;            // B - A, in the metric's unit
  // Relative change B/A - 1: the Hodges-Lehmann shift and interval of the logs of the trial values,
  // exponentiated, so the interval never goes below -100 %. Defined when every value is > 0.
  double relative = 0;
  double relative_low = 0, relative_high = 0;
  bool relative_defined = false;
  std::string verdict = "same";    // for B: "better", "same" or "worse"
  std::string note;                // why "same" was forced, e.g. "too few trials for 95% (66.7%)"
};

// Compares one metric. NaN values are left out; a side with no value gives "same" with a note.
// better/worse needs an interval that excludes 0 at the requested confidence and a change of at
// least min_change relative to A (any change when A's median is 0).
ab_metric_result compare_metric(const ab_metric& m, std::vector<double> a, std::vector<double> b,
                                const ab_settings& s);

// The side of each trial, pair by pair: each pair is "AB" or "BA", chosen by a seeded RNG, so
// drifting conditions (thermal, a neighbour's load) hit both sides alike. Deterministic in seed.
std::string trial_order(std::size_t pairs, std::uint64_t seed);

// "worse" when B is worse on any KPI metric, else "not-worse".
std::string overall_verdict(const std::vector<ab_metric_result>& results);

}  // namespace ragbench::loadgen
