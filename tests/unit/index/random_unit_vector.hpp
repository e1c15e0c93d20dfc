#pragma once
// Test helper: a random direction in `dim` dimensions (normal components, L2-normalised).
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace ragbench::test {

inline std::vector<float> random_unit_vector(std::mt19937& rng, std::size_t dim) {
  std::normal_distribution<float> n(0.0f, 1.0f);
  std::vector<float> v(dim);
  float s = 0;
  for (auto& x : v) {
    x = n(rng);
    s += x * x;
  }
  for (auto& x : v) x /= std::sqrt(s);
  return v;
}

}  // namespace ragbench::test
