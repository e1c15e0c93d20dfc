// The percentile curve on a "nines" axis (x = 1 / (1 - q)), for report.html and compare.html.
#include "loadgen/report/html/percentile_curve.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {

nlohmann::json percentile_curve(const hdr_histogram& h, double unit) {
  auto curve = nlohmann::json::array();
  if (h.empty()) return curve;
  const auto count = static_cast<double>(h.count());
  for (int k = 0;; ++k) {
    const double x = std::pow(10.0, k / 10.0);
    if (x >= count) break;
    const double q = 100.0 * (1.0 - 1.0 / x);
    curve.push_back({rounded(x, 4), rounded(static_cast<double>(h.value_at_percentile(q)) / unit, 3)});
  }
  curve.push_back({rounded(count, 4), rounded(static_cast<double>(h.max()) / unit, 3)});
  return curve;
}

}  // namespace ragbench::loadgen
