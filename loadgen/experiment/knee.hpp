#pragma once
// The knee of a latency curve (latency against offered load): where latency stops being flat and
// starts to climb. Kneedle (Satopaa et al., 2011): normalise both axes to [0, 1] and take the point
// farthest below the chord from the first to the last point, i.e. the maximum of x_n - y_n, which
// on a smooth convex curve is the point of maximum curvature relative to the curve's scale.
// Pure function, O(n).
#include <cstddef>
#include <optional>
#include <vector>

namespace ragbench::loadgen {

struct knee_point {
  std::size_t index = 0;  // into the input vectors
  double x = 0, y = 0;
};

// x strictly increasing, y the latency at each x (same size). nullopt when there are fewer than 3
// points or when y never grows to at least min_growth times its first value (a flat curve has no
// knee in the measured range). Throws std::invalid_argument for mismatched sizes or unsorted x.
std::optional<knee_point> find_knee(const std::vector<double>& x, const std::vector<double>& y,
                                    double min_growth = 1.5);

}  // namespace ragbench::loadgen
