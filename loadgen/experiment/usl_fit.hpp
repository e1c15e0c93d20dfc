#pragma once
// The Universal Scalability Law (Gunther): throughput at concurrency (here: server threads) N,
//   X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)),
// lambda = throughput of one thread, sigma = contention (serial fraction), kappa = coherency
// (crosstalk). fit_usl is a least-squares fit on X (Levenberg-Marquardt, started from the
// linearised fit N/X = a + b (N - 1) + c N (N - 1)) with sigma, kappa >= 0.
// Pure functions; cost O(iterations * points).
#include <optional>
#include <string>
#include <vector>

namespace ragbench::loadgen {

struct usl_point {
  double n = 1;           // threads (>= 1)
  double throughput = 0;  // requests/s (> 0)
};

struct usl_model {
  double lambda = 0, sigma = 0, kappa = 0;
  double r_squared = 0;           // of the fit on X
  std::optional<double> peak_n;   // N* = sqrt((1 - sigma) / kappa); nullopt when kappa == 0
  std::size_t points = 0;
  std::string note;               // e.g. "2 points: kappa fixed at 0 (Amdahl)"

  double throughput_at(double n) const { return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1)); }
};

// Needs at least 2 points with distinct n (with 2, kappa is fixed at 0). Throws std::invalid_argument
// naming the problem for fewer points, n < 1, non-positive or non-finite throughput.
usl_model fit_usl(const std::vector<usl_point>& points);

// Parses "1=1200,2=2100,4=3500" (threads=rps). Throws std::invalid_argument with what is wrong.
std::vector<usl_point> parse_usl_points(const std::string& text);

}  // namespace ragbench::loadgen
