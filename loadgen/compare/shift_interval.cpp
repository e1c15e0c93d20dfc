// Hodges-Lehmann shift, Moses confidence interval and exact Mann-Whitney p-value.
#include "loadgen/compare/shift_interval.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ragbench::loadgen {
namespace {

// counts[u] = number of arrangements of m A's and n B's with statistic U = u, normalised to
// probabilities. Recursion f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u), in doubles (C(400,200) fits).
std::vector<double> null_distribution(std::size_t m, std::size_t n) {
  // f[j][u] for the current i (number of A's), j = number of B's.
  std::vector<std::vector<double>> prev(n + 1), cur(n + 1);
  for (std::size_t j = 0; j <= n; ++j) prev[j] = {1.0};  // i = 0: U = 0 only
  for (std::size_t i = 1; i <= m; ++i) {
    cur[0] = {1.0};
    for (std::size_t j = 1; j <= n; ++j) {
      std::vector<double> f(i * j + 1, 0.0);
      // last element is an A (it beats all j B's): f(i-1, j, u-j); or a B: f(i, j-1, u)
      for (std::size_t u = 0; u < prev[j].size(); ++u) f[u + j] += prev[j][u];
      for (std::size_t u = 0; u < cur[j - 1].size(); ++u) f[u] += cur[j - 1][u];
      cur[j] = std::move(f);
    }
    std::swap(prev, cur);
  }
  std::vector<double> d = prev[n];
  double total = 0;
  for (double x : d) total += x;
  for (double& x : d) x /= total;
  return d;
}

void check_sample(const std::vector<double>& v, const char* side) {
  if (v.empty() || v.size() > 200)
    throw std::invalid_argument(std::string("shift estimate: side ") + side + " needs 1 to 200 values");
  for (double x : v)
    if (!std::isfinite(x)) throw std::invalid_argument(std::string("shift estimate: side ") + side + " has a non-finite value");
}

}  // namespace

double median_of(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("median of an empty sample");
  std::sort(v.begin(), v.end());
  std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

double mann_whitney_cdf(std::size_t m, std::size_t n, std::size_t u) {
  auto d = null_distribution(m, n);
  double p = 0;
  for (std::size_t k = 0; k <= u && k < d.size(); ++k) p += d[k];
  return std::min(1.0, p);
}

shift_interval estimate_shift(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  check_sample(a, "A");
  check_sample(b, "B");
  if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("shift estimate: confidence must be in (0, 1)");
  const std::size_t m = a.size(), n = b.size();
  std::vector<double> diffs;
  diffs.reserve(m * n);
  double u_b = 0;  // pairs where b > a, ties count one half
  for (double x : a)
    for (double y : b) {
      diffs.push_back(y - x);
      u_b += y > x ? 1.0 : y == x ? 0.5 : 0.0;
    }
  std::sort(diffs.begin(), diffs.end());

  shift_interval r;
  r.estimate = median_of(diffs);
  const auto dist = null_distribution(m, n);
  // Largest k with P(U <= k - 1) <= alpha/2: the interval [d(k), d(mn + 1 - k)] (1-based order
  // statistics) then covers the true shift with probability 1 - 2 P(U <= k - 1).
  const double half_alpha = (1 - confidence) / 2;
  std::size_t k = 0;
  double tail = 0;  // P(U <= k - 1) for the accepted k
  double cum = 0;
  for (std::size_t c = 0; c < dist.size() && c < (m * n + 1) / 2; ++c) {
    cum += dist[c];
    if (cum <= half_alpha + 1e-12) {
      k = c + 1;
      tail = cum;
    } else {
      break;
    }
  }
  if (k == 0) {
    r.attainable = false;
    r.low = diffs.front();
    r.high = diffs.back();
    r.achieved_confidence = 1 - 2 * dist[0];
  } else {
    r.attainable = true;
    r.low = diffs[k - 1];  // order statistics d(k) and d(mn + 1 - k), 1-based
    r.high = diffs[m * n - k];
    r.achieved_confidence = 1 - 2 * tail;
  }

  // Two-sided p-value: twice the smaller tail at the observed U (mid-rank for ties, rounded down).
  const double u = std::min(u_b, static_cast<double>(m * n) - u_b);
  double lower = 0;
  for (std::size_t c = 0; c < dist.size() && static_cast<double>(c) <= u + 1e-9; ++c) lower += dist[c];
  r.p_value = std::min(1.0, 2 * lower);
  return r;
}

}  // namespace ragbench::loadgen
