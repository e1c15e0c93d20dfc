// Execution segments of the open model: the union of the segments' schedules (each split further
// over its worker threads, as worker.cpp does) is exactly the one-process schedule.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "loadgen/engine/arrival_schedule.hpp"
#include "loadgen/scenario/execution_segment.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;

namespace {

std::vector<std::chrono::nanoseconds> all(arrival_schedule s) {
  std::vector<std::chrono::nanoseconds> out;
  while (auto t = s.next()) out.push_back(*t);
  return out;
}

// What worker `w` of `threads` in segment `seg` runs (the stride and offset of worker.cpp).
arrival_schedule of_worker(const open_load& l, std::uint64_t seed, const execution_segment& seg, unsigned w,
                           unsigned threads) {
  return arrival_schedule(l, seed, threads * seg.count, seg.index + seg.count * w);
}

open_load shape(arrival_kind kind) {
  open_load l;
  l.arrival = kind;
  l.rate_per_s = 997;
  l.duration = 2s;
  if (kind == arrival_kind::ramping) l.stages = {{500ms, 800}, {1s, 800}, {500ms, 50}};
  return l;
}

}  // namespace

TEST_CASE("segments: the union of the segment schedules is the one-process schedule", "[arrival][segment]") {
  const auto kind = GENERATE(arrival_kind::constant, arrival_kind::ramping, arrival_kind::poisson);
  const std::uint32_t n = GENERATE(1u, 2u, 4u, 7u);
  const unsigned threads = GENERATE(1u, 3u);
  const open_load l = shape(kind);
  const std::uint64_t seed = 1234;
  const auto global = all(arrival_schedule(l, seed));
  REQUIRE(global.size() > 1000);

  std::vector<std::chrono::nanoseconds> merged;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::vector<std::chrono::nanoseconds> segment;
    for (unsigned w = 0; w < threads; ++w)
      for (auto t : all(of_worker(l, seed, {i, n}, w, threads))) segment.push_back(t);
    // Segment I holds the global arrivals k with k mod N == I: its share differs by at most one.
    CHECK(segment.size() == global.size() / n + (i < global.size() % n ? 1 : 0));
    merged.insert(merged.end(), segment.begin(), segment.end());
  }
  std::sort(merged.begin(), merged.end());
  INFO("kind " << static_cast<int>(kind) << ", N " << n << ", threads " << threads);
  CHECK(merged == global);
}

TEST_CASE("segments: a Poisson segment is the global Poisson process thinned, not a fresh one", "[arrival][segment]") {
  open_load l = shape(arrival_kind::poisson);
  const auto global = all(arrival_schedule(l, 99));
  const auto seg1 = all(of_worker(l, 99, {1, 4}, 0, 1));
  // Arrival k = 1, 5, 9, ... of the global process.
  REQUIRE(seg1.size() >= 3);
  CHECK(seg1[0] == global[1]);
  CHECK(seg1[1] == global[5]);
  CHECK(seg1[2] == global[9]);
  // A different run seed gives a different process: the segments must share it.
  CHECK(all(arrival_schedule(l, 100)) != global);
}
