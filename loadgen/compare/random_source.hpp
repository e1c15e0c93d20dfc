#pragma once
// A small seeded random source (xoshiro256**, seeded through splitmix64) with the few distributions the
// bootstrap needs. Written out rather than taken from <random> so a seed gives the same numbers with
// every standard library (the std:: distributions are implementation-defined), which keeps golden
// files and verdicts reproducible. Thread-safety: none (one per thread). Cost: O(1) per draw.
#include <cstddef>
#include <cstdint>

namespace ragbench::loadgen {

class random_source {
 public:
  explicit random_source(std::uint64_t seed);

  std::uint64_t next();
  // Uniform in the open interval (0, 1).
  double uniform();
  // Uniform integer in [0, n); n > 0.
  std::size_t below(std::size_t n);
  // Standard normal (Marsaglia's polar method).
  double normal();
  // Gamma(shape, 1), shape > 0 (Marsaglia & Tsang 2000).
  double gamma(double shape);
  // Beta(a, b), a, b > 0, as G(a) / (G(a) + G(b)).
  double beta(double a, double b);

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace ragbench::loadgen
