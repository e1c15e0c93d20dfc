// better / same / worse from intervals, points and tests.
#include "loadgen/compare/verdict.hpp"

#include <cmath>

namespace ragbench::loadgen {

std::string_view to_string(verdict v) {
  switch (v) {
    case verdict::better: return "better";
    case verdict::same: return "same";
    case verdict::worse: return "worse";
  }
  return "?";
}

namespace {

// up: the value rose beyond tolerance; down: it fell beyond tolerance. Direction decides which is worse.
verdict from_direction(bool up, bool down, compare_metric m) {
  if (up) return lower_is_better(m) ? verdict::worse : verdict::better;
  if (down) return lower_is_better(m) ? verdict::better : verdict::worse;
  return verdict::same;
}

}  // namespace

verdict judge_interval(const change_interval& c, compare_metric m, double tolerance, double min_abs) {
  const bool up = c.low > tolerance && c.abs_low > min_abs;
  const bool down = c.high < -tolerance && c.abs_high < -min_abs;
  return from_direction(up, down, m);
}

verdict judge_point(double baseline, double candidate, compare_metric m, double tolerance, double min_abs) {
  const double abs_change = candidate - baseline;
  const double rel = baseline > 0 ? abs_change / baseline : (candidate > 0 ? 1e9 : 0);
  const bool up = rel > tolerance && abs_change > min_abs;
  const bool down = rel < -tolerance && abs_change < -min_abs;
  return from_direction(up, down, m);
}

verdict judge_error_rate(const proportion_test_result& t, double tolerance, double confidence) {
  const bool significant = t.p_value < 1 - confidence;
  const bool up = significant && t.difference > tolerance;
  const bool down = significant && t.difference < -tolerance;
  return from_direction(up, down, compare_metric::error_rate);
}

verdict judge_proportion(const proportion_test_result& t, compare_metric m, double tolerance, double confidence) {
  const bool significant = t.p_value < 1 - confidence;
  const bool up = significant && t.difference > tolerance;
  const bool down = significant && t.difference < -tolerance;
  return from_direction(up, down, m);
}

}  // namespace ragbench::loadgen
