// USL fit on synthetic data with known parameters.
#include <catch2/catch.hpp>

#include <random>

#include "loadgen/experiment/usl_fit.hpp"

using namespace ragbench::loadgen;

namespace {

std::vector<usl_point> synthetic(double lambda, double sigma, double kappa, std::vector<double> ns, double noise,
                                 std::uint64_t seed) {
  usl_model truth;
  truth.lambda = lambda;
  truth.sigma = sigma;
  truth.kappa = kappa;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, noise);
  std::vector<usl_point> pts;
  for (double n : ns) pts.push_back({n, truth.throughput_at(n) * (1 + z(rng))});
  return pts;
}

}  // namespace

TEST_CASE("USL: exact data gives back its parameters", "[experiment][usl]") {
  auto m = fit_usl(synthetic(1000, 0.05, 0.002, {1, 2, 4, 8, 16, 32}, 0, 1));
  CHECK(m.lambda == Approx(1000).epsilon(1e-6));
  CHECK(m.sigma == Approx(0.05).epsilon(1e-5));
  CHECK(m.kappa == Approx(0.002).epsilon(1e-5));
  CHECK(m.r_squared == Approx(1).epsilon(1e-9));
  REQUIRE(m.peak_n);
  CHECK(*m.peak_n == Approx(std::sqrt(0.95 / 0.002)));
  CHECK(m.points == 6);
}

TEST_CASE("USL: noisy data (1 percent) recovers the parameters closely", "[experiment][usl]") {
  const std::uint64_t seed = GENERATE(1, 2, 3, 4, 5);
  auto m = fit_usl(synthetic(1200, 0.08, 0.001, {1, 2, 3, 4, 6, 8, 12, 16, 24, 32}, 0.01, seed));
  INFO("seed " << seed << ": lambda " << m.lambda << " sigma " << m.sigma << " kappa " << m.kappa);
  CHECK(m.lambda == Approx(1200).epsilon(0.03));
  CHECK(m.sigma == Approx(0.08).margin(0.02));
  CHECK(m.kappa == Approx(0.001).margin(0.0004));
  CHECK(m.r_squared > 0.98);
}

TEST_CASE("USL: linear scaling has sigma = kappa = 0 and no peak", "[experiment][usl]") {
  auto m = fit_usl({{1, 500}, {2, 1000}, {4, 2000}});
  CHECK(m.lambda == Approx(500));
  CHECK(m.sigma == Approx(0).margin(1e-9));
  CHECK(m.kappa == Approx(0).margin(1e-9));
  CHECK_FALSE(m.peak_n);
  CHECK(m.throughput_at(8) == Approx(4000));
}

TEST_CASE("USL: two thread counts fit Amdahl (kappa 0)", "[experiment][usl]") {
  auto m = fit_usl({{1, 1000}, {2, 1600}});
  CHECK(m.kappa == 0);
  CHECK(m.lambda == Approx(1000));
  CHECK(m.sigma == Approx(0.25));  // 2000 / (1 + s) = 1600
  CHECK_THAT(m.note, Catch::Contains("kappa fixed at 0"));
}

TEST_CASE("USL: bad input is rejected with a message", "[experiment][usl]") {
  CHECK_THROWS_WITH(fit_usl({{1, 100}}), Catch::Contains("2 or more"));
  CHECK_THROWS_WITH(fit_usl({{1, 100}, {1, 120}}), Catch::Contains("2 or more"));
  CHECK_THROWS_WITH(fit_usl({{0, 100}, {2, 120}}), Catch::Contains(">= 1"));
  CHECK_THROWS_WITH(fit_usl({{1, -5}, {2, 120}}), Catch::Contains("positive"));
  auto pts = parse_usl_points("1=1200,2=2100.5,4=3500");
  REQUIRE(pts.size() == 3);
  CHECK(pts[1].n == 2);
  CHECK(pts[1].throughput == 2100.5);
  CHECK_THROWS_WITH(parse_usl_points("1=1200,2"), Catch::Contains("THREADS=RPS"));
  CHECK_THROWS_WITH(parse_usl_points("x=5"), Catch::Contains("bad thread count"));
  CHECK_THROWS_WITH(parse_usl_points("1=fast"), Catch::Contains("bad throughput"));
  CHECK_THROWS_WITH(parse_usl_points(""), Catch::Contains("THREADS=RPS"));
}
