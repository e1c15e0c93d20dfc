#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "common/clock.hpp"
#include "loadgen/engine/arrival_pacer.hpp"
#include "loadgen/engine/arrival_schedule.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using namespace std::chrono_literals;

namespace {
open_load constant(double rate, std::chrono::nanoseconds d) {
  open_load l;
  l.arrival = arrival_kind::constant;
  l.rate_per_s = rate;
  l.duration = d;
  return l;
}
std::vector<std::chrono::nanoseconds> all(arrival_schedule s) {
  std::vector<std::chrono::nanoseconds> out;
  while (auto t = s.next()) out.push_back(*t);
  return out;
}
}  // namespace

TEST_CASE("constant schedule paces evenly", "[arrival]") {
  auto v = all(arrival_schedule(constant(100, 2s), 1));
  REQUIRE(v.size() == 200);
  CHECK(v[0] == 0ns);
  CHECK(v[1] == 10ms);
  CHECK(v[199] == 1990ms);
}

TEST_CASE("stride split realises the global schedule exactly", "[arrival]") {
  auto kind = GENERATE(arrival_kind::constant, arrival_kind::poisson);
  open_load l = constant(1000, 1s);
  l.arrival = kind;
  auto global = all(arrival_schedule(l, 7));
  std::vector<std::chrono::nanoseconds> merged;
  for (unsigned i = 0; i < 3; ++i)
    for (auto t : all(arrival_schedule(l, 7, 3, i))) merged.push_back(t);
  std::sort(merged.begin(), merged.end());
  CHECK(merged == global);
}

TEST_CASE("ramping stages follow the rate profile", "[arrival]") {
  open_load l;
  l.arrival = arrival_kind::ramping;
  l.stages = {{10s, 100}, {10s, 100}, {10s, 0}};  // ramp up, hold, ramp down
  l.duration = 30s;
  arrival_schedule s(l, 1);
  CHECK(s.expected_total() == Approx(2000));
  CHECK(s.rate_at(5s) == Approx(50));
  auto v = all(s);
  CHECK(v.size() == Approx(2000).margin(1));
  auto in = [&](auto a, auto b) { return std::count_if(v.begin(), v.end(), [&](auto t) { return t >= a && t < b; }); };
  CHECK(in(0s, 10s) == Approx(500).margin(1));   // area of the ramp 0 -> 100 over 10 s
  CHECK(in(10s, 20s) == Approx(1000).margin(1));
  CHECK(in(20s, 30s) == Approx(500).margin(1));
  CHECK(in(0s, 5s) == Approx(125).margin(1));    // quadratic: a quarter of the first ramp
}

TEST_CASE("poisson schedule has the right mean and exponential gaps", "[arrival]") {
  open_load l = constant(1000, 20s);
  l.arrival = arrival_kind::poisson;
  auto v = all(arrival_schedule(l, 42));
  CHECK(v.size() == Approx(20000).epsilon(0.03));
  double sum = 0, sum2 = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    double g = std::chrono::duration<double>(v[i] - v[i - 1]).count();
    sum += g;
    sum2 += g * g;
  }
  double n = static_cast<double>(v.size() - 1), mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(mean == Approx(0.001).epsilon(0.03));
  CHECK(std::sqrt(var) == Approx(mean).epsilon(0.05));  // exponential: sd == mean
  CHECK(all(arrival_schedule(l, 42)) == v);              // seeded: reproducible
}

TEST_CASE("arrival schedule rejects bad input", "[arrival]") {
  CHECK_THROWS_AS(arrival_schedule(constant(-1, 1s), 1), std::invalid_argument);
  CHECK_THROWS_AS(arrival_schedule(constant(10, 0s), 1), std::invalid_argument);
  open_load l;
  l.arrival = arrival_kind::ramping;
  CHECK_THROWS_AS(arrival_schedule(l, 1), std::invalid_argument);
}

TEST_CASE("arrival pacer releases arrivals as the fake clock moves", "[arrival]") {
  fake_clock clock;
  auto start = clock.now();
  arrival_pacer p(arrival_schedule(constant(10, 1s), 1), clock, start, 50ms);
  auto take_all = [&] {
    std::vector<due_arrival> out;
    while (auto d = p.take_due()) out.push_back(*d);
    return out;
  };
  auto first = take_all();
  REQUIRE(first.size() == 1);  // the arrival at t = 0
  CHECK(first[0].intended == start);
  CHECK_FALSE(first[0].late);
  clock.advance(250ms);        // 100, 200 ms due; 200 ms is 50 ms old: not late yet
  auto second = take_all();
  REQUIRE(second.size() == 2);
  CHECK(second[0].late);       // 150 ms behind
  CHECK_FALSE(second[1].late);
  CHECK(p.next_intended() == start + 300ms);
  clock.advance(10s);
  CHECK(take_all().size() == 7);
  CHECK(p.finished());
  CHECK(p.end_time() == start + 1s);
}
