// The CPU-chosen dot-product kernel agrees with the portable one and with a double-precision sum.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "server/index/dot_product.hpp"

using namespace ragbench::server;

TEST_CASE("dot product: every kernel matches a double-precision reference", "[index][dot]") {
  const auto& fast = dot_product_kernel_for_cpu();
  const auto& portable = portable_dot_product_kernel();
  WARN("dot product kernel: " << fast.isa);
  std::mt19937 rng(5);
  std::normal_distribution<float> n;
  // Lengths around every unrolling boundary (8 and 32 floats), plus the production D = 384.
  for (std::size_t dim : {0, 1, 7, 8, 9, 31, 32, 33, 63, 100, 384, 385}) {
    CAPTURE(dim);
    std::vector<float> a(dim + 1), b(dim + 1);  // +1: offset 1 gives unaligned pointers too
    for (auto& x : a) x = n(rng);
    for (auto& x : b) x = n(rng);
    for (std::size_t offset : {0, 1}) {
      const std::size_t len = dim;
      double want = 0, magnitude = 0;
      for (std::size_t i = 0; i < len; ++i) {
        want += static_cast<double>(a[offset + i]) * b[offset + i];
        magnitude += std::abs(static_cast<double>(a[offset + i]) * b[offset + i]);
      }
      const double tolerance = 1e-6 * (magnitude + 1);
      CHECK(fast.dot(a.data() + offset, b.data() + offset, len) == Approx(want).margin(tolerance));
      CHECK(portable.dot(a.data() + offset, b.data() + offset, len) == Approx(want).margin(tolerance));
    }
  }
}
