// Verdicts from intervals and tests.
#include "loadgen/compare/verdict.hpp"

#include <cmath>

namespace ragbench::loadgen {

std::string_view to_string(verdict v) {
  switch (v) {
    case verdict::better: return "better";
    case verdict::same: return "same";
    case verdict::worse: return "worse";
    case verdict::inconclusive: return "inconclusive";
    case verdict::missing: return "missing";
    case verdict::added: return "new";
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

verdict judge_change(const change_bounds& c, compare_metric m, double tolerance, double min_abs, bool run_noise_known,
                     double gross) {
  // The tolerance is symmetric on the ratio scale: +10 % up, -1/1.1 (-9.1 %) down, so a change and its
  // inverse are judged alike.
  const double up_bound = tolerance, down_bound = 1 / (1 + tolerance) - 1;
  const bool up = c.low > up_bound && c.baseline * c.low > min_abs;
  const bool down = c.high < down_bound && c.baseline * c.high < -min_abs;
  const verdict v = from_direction(up, down, m);
  if (run_noise_known || v == verdict::same) return v;
  const bool gross_up = up && c.low > gross, gross_down = down && c.high < 1 / (1 + gross) - 1;
  return gross_up || gross_down ? v : verdict::inconclusive;
}

verdict judge_proportion(const proportion_test_result& t, compare_metric m, double tolerance, double confidence) {
  const bool significant = t.p_value < 1 - confidence;
  const bool up = significant && t.difference > tolerance;
  const bool down = significant && t.difference < -tolerance;
  return from_direction(up, down, m);
}

}  // namespace ragbench::loadgen
