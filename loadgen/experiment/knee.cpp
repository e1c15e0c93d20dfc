// Kneedle on an increasing, convex latency curve.
#include "loadgen/experiment/knee.hpp"

#include <algorithm>
#include <stdexcept>

namespace ragbench::loadgen {

std::optional<knee_point> find_knee(const std::vector<double>& x, const std::vector<double>& y, double min_growth) {
  if (x.size() != y.size()) throw std::invalid_argument("find_knee: x and y differ in size");
  for (std::size_t i = 1; i < x.size(); ++i)
    if (!(x[i] > x[i - 1])) throw std::invalid_argument("find_knee: x must be strictly increasing");
  if (x.size() < 3) return std::nullopt;
  const double y_min = *std::min_element(y.begin(), y.end());
  const double y_max = *std::max_element(y.begin(), y.end());
  if (!(y_max >= min_growth * std::max(y.front(), 1e-12)) || y_max <= y_min) return std::nullopt;
  const double x_span = x.back() - x.front();
  std::optional<knee_point> best;
  double best_gap = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double xn = (x[i] - x.front()) / x_span;
    const double yn = (y[i] - y_min) / (y_max - y_min);
    if (xn - yn > best_gap) {
      best_gap = xn - yn;
      best = knee_point{i, x[i], y[i]};
    }
  }
  return best;
}

}  // namespace ragbench::loadgen
