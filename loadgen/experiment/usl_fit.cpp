// USL least squares: a weighted linear start, then Levenberg-Marquardt on the throughput residuals.
#include "loadgen/experiment/usl_fit.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>

namespace ragbench::loadgen {
namespace {

using vec3 = std::array<double, 3>;
using mat3 = std::array<vec3, 3>;

// Solves the k x k system m x = v (k <= 3) by Gaussian elimination; false when singular.
bool solve(mat3 m, vec3 v, std::size_t k, vec3& x) {
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[p][c])) p = r;
    if (std::fabs(m[p][c]) < 1e-300) return false;
    std::swap(m[p], m[c]);
    std::swap(v[p], v[c]);
    for (std::size_t r = c + 1; r < k; ++r) {
      const double f = m[r][c] / m[c][c];
      for (std::size_t j = c; j < k; ++j) m[r][j] -= f * m[c][j];
      v[r] -= f * v[c];
    }
  }
  for (std::size_t c = k; c-- > 0;) {
    double s = v[c];
    for (std::size_t j = c + 1; j < k; ++j) s -= m[c][j] * x[j];
    x[c] = s / m[c][c];
  }
  return true;
}

double sse(const std::vector<usl_point>& pts, const usl_model& m) {
  double s = 0;
  for (const auto& p : pts) {
    const double r = p.throughput - m.throughput_at(p.n);
    s += r * r;
  }
  return s;
}

// Weighted linear fit of N/X = a + b (N-1) + c N (N-1) over the parameters in `active`
// (0 = a, 1 = b, 2 = c); the others are 0. Weights turn residuals in N/X into residuals in X.
std::optional<usl_model> linear_fit(const std::vector<usl_point>& pts, const std::vector<std::size_t>& active) {
  mat3 ata{};
  vec3 aty{};
  for (const auto& p : pts) {
    const vec3 f{1.0, p.n - 1, p.n * (p.n - 1)};
    const double y = p.n / p.throughput;
    const double w = std::pow(p.throughput * p.throughput / p.n, 2);
    for (std::size_t i = 0; i < active.size(); ++i) {
      for (std::size_t j = 0; j < active.size(); ++j) ata[i][j] += w * f[active[i]] * f[active[j]];
      aty[i] += w * f[active[i]] * y;
    }
  }
  vec3 x{};
  if (!solve(ata, aty, active.size(), x)) return std::nullopt;
  vec3 abc{};
  for (std::size_t i = 0; i < active.size(); ++i) abc[active[i]] = x[i];
  if (abc[0] <= 0 || abc[1] < 0 || abc[2] < 0) return std::nullopt;
  usl_model m;
  m.lambda = 1 / abc[0];
  m.sigma = abc[1] / abc[0];
  m.kappa = abc[2] / abc[0];
  return m;
}

void refine(const std::vector<usl_point>& pts, usl_model& m, bool fit_kappa) {
  const std::size_t k = fit_kappa ? 3 : 2;
  double mu = 1e-3, current = sse(pts, m);
  for (int iter = 0; iter < 200; ++iter) {
    mat3 jtj{};
    vec3 jtr{};
    for (const auto& p : pts) {
      const double d = 1 + m.sigma * (p.n - 1) + m.kappa * p.n * (p.n - 1);
      const vec3 g{p.n / d, -m.lambda * p.n * (p.n - 1) / (d * d), -m.lambda * p.n * p.n * (p.n - 1) / (d * d)};
      const double r = p.throughput - m.lambda * p.n / d;
      for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < k; ++j) jtj[i][j] += g[i] * g[j];
        jtr[i] += g[i] * r;
      }
    }
    mat3 damped = jtj;
    for (std::size_t i = 0; i < k; ++i) damped[i][i] += mu * (jtj[i][i] > 0 ? jtj[i][i] : 1.0);
    vec3 step{};
    if (!solve(damped, jtr, k, step)) break;
    usl_model next = m;
    next.lambda = m.lambda + step[0];
    next.sigma = std::max(0.0, m.sigma + step[1]);
    if (fit_kappa) next.kappa = std::max(0.0, m.kappa + step[2]);
    const double s = next.lambda > 0 ? sse(pts, next) : INFINITY;
    if (s < current) {
      const bool converged = current - s < 1e-15 * (1 + current);
      m = next;
      current = s;
      mu = std::max(mu / 3, 1e-12);
      if (converged) break;
    } else {
      mu *= 4;
      if (mu > 1e12) break;
    }
  }
}

}  // namespace

usl_model fit_usl(const std::vector<usl_point>& pts) {
  std::set<double> distinct;
  for (const auto& p : pts) {
    if (!std::isfinite(p.n) || p.n < 1) throw std::invalid_argument("USL: thread count must be >= 1");
    if (!std::isfinite(p.throughput) || p.throughput <= 0)
      throw std::invalid_argument("USL: throughput must be a positive number");
    distinct.insert(p.n);
  }
  if (distinct.size() < 2) throw std::invalid_argument("USL: needs throughput at 2 or more distinct thread counts");
  const bool fit_kappa = distinct.size() >= 3;
  const std::vector<std::vector<std::size_t>> subsets =
      fit_kappa ? std::vector<std::vector<std::size_t>>{{0, 1, 2}, {0, 1}, {0, 2}, {0}}
                : std::vector<std::vector<std::size_t>>{{0, 1}, {0}};
  std::optional<usl_model> best;
  for (const auto& active : subsets) {
    auto m = linear_fit(pts, active);
    if (m && (!best || sse(pts, *m) < sse(pts, *best))) best = m;
  }
  if (!best) {  // degenerate data: start from one thread's throughput
    best = usl_model{};
    best->lambda = pts.front().throughput / pts.front().n;
  }
  usl_model m = *best;
  refine(pts, m, fit_kappa);

  m.points = pts.size();
  if (!fit_kappa) m.note = "2 thread counts: kappa fixed at 0 (Amdahl's law); measure 3 or more to fit it";
  double mean = 0;
  for (const auto& p : pts) mean += p.throughput;
  mean /= static_cast<double>(pts.size());
  double tot = 0;
  for (const auto& p : pts) tot += (p.throughput - mean) * (p.throughput - mean);
  m.r_squared = tot > 0 ? 1 - sse(pts, m) / tot : 1.0;
  if (m.kappa > 0 && m.sigma < 1) m.peak_n = std::sqrt((1 - m.sigma) / m.kappa);
  return m;
}

std::vector<usl_point> parse_usl_points(const std::string& text) {
  std::vector<usl_point> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(at, end - at);
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("--usl: expected THREADS=RPS, got '" + item + "'");
    const std::string n_text = item.substr(0, eq), x_text = item.substr(eq + 1);
    char* n_end = nullptr;
    char* x_end = nullptr;
    const double n = std::strtod(n_text.c_str(), &n_end);
    const double x = std::strtod(x_text.c_str(), &x_end);
    if (n_text.empty() || *n_end != '\0' || !std::isfinite(n) || n < 1)
      throw std::invalid_argument("--usl: bad thread count '" + n_text + "' (a number >= 1)");
    if (x_text.empty() || *x_end != '\0' || !std::isfinite(x) || x <= 0)
      throw std::invalid_argument("--usl: bad throughput '" + x_text + "' (a number > 0)");
    out.push_back({n, x});
    at = end + 1;
  }
  return out;
}

}  // namespace ragbench::loadgen
