// Knee detection on synthetic latency curves.
#include <catch2/catch.hpp>

#include <cmath>

#include "loadgen/experiment/knee.hpp"

using namespace ragbench::loadgen;

TEST_CASE("knee of a hockey stick is where it bends", "[experiment][knee]") {
  std::vector<double> x, y;
  for (int r = 100; r <= 1000; r += 100) {
    x.push_back(r);
    y.push_back(r <= 500 ? 10.0 : 10.0 + std::pow((r - 500) / 10.0, 2));
  }
  auto k = find_knee(x, y);
  REQUIRE(k);
  CHECK(k->x >= 500);
  CHECK(k->x <= 600);
}

TEST_CASE("knee of an M/M/1 response-time curve lies well below saturation", "[experiment][knee]") {
  // R = S / (1 - rho) with capacity 1000/s, rates up to 980/s
  std::vector<double> x, y;
  for (double r = 50; r <= 980; r += 30) {
    x.push_back(r);
    y.push_back(1.0 / (1 - r / 1000));
  }
  auto k = find_knee(x, y);
  REQUIRE(k);
  CHECK(k->x > 700);
  CHECK(k->x < 950);
}

TEST_CASE("no knee on flat or short curves - bad input rejected", "[experiment][knee]") {
  CHECK_FALSE(find_knee({1, 2, 3, 4}, {10, 10.5, 10.2, 11}));  // grows less than 1.5x
  CHECK_FALSE(find_knee({1, 2}, {1, 100}));
  CHECK_THROWS_AS(find_knee({1, 2, 3}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(find_knee({1, 3, 2}, {1, 2, 3}), std::invalid_argument);
}
