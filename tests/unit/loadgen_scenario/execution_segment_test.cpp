#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "loadgen/scenario/execution_segment.hpp"
#include "loadgen/scenario/feeder.hpp"

using namespace ragbench::loadgen;

TEST_CASE("segment: I/N parses, 0-based", "[segment]") {
  CHECK(parse_segment("0/1") == execution_segment{0, 1});
  CHECK(parse_segment("3/4") == execution_segment{3, 4});
  CHECK(parse_segment("99999/100000") == execution_segment{99999, 100000});
  CHECK(parse_segment("1/4").text() == "1/4");
  CHECK(parse_segment("1/4").dir_suffix() == "-seg1of4");
  CHECK(parse_segment("0/1").dir_suffix().empty());
}

TEST_CASE("segment: bad I/N values are refused with what is wrong", "[segment]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(parse_segment("4/4"), Contains("index 4 is not below the count 4") && Contains("0-based: 0..3"));
  CHECK_THROWS_WITH(parse_segment("0/0"), Contains("at least 1"));
  CHECK_THROWS_WITH(parse_segment("0/100001"), Contains("at most 100000"));
  for (const char* junk : {"", "1", "a/b", "1/", "/4", "-1/4", "1/-4", "+1/4", " 1/4", "1/4 ", "1.0/4", "1/4/2",
                           "99999999999999999999/4", "1:4", "0:1/3"})
    CHECK_THROWS_WITH(parse_segment(junk), Contains("--segment") && Contains("I/N"));
}

TEST_CASE("segment: closed split keeps the total users, remainders spread", "[segment]") {
  for (std::uint64_t users : {0ULL, 1ULL, 3ULL, 7ULL, 10ULL, 100ULL, 1001ULL}) {
    for (std::uint32_t n : {1u, 2u, 3u, 4u, 7u, 16u}) {
      std::uint64_t sum = 0, lo = users, hi = 0;
      for (std::uint32_t i = 0; i < n; ++i) {
        const execution_segment seg{i, n};
        const auto share = closed_share(users, seg);
        CHECK(closed_first_user(users, seg) == sum);  // ids are contiguous and unique
        sum += share;
        lo = std::min(lo, share);
        hi = std::max(hi, share);
      }
      CHECK(sum == users);
      CHECK(hi - lo <= 1);  // remainders spread one each
    }
  }
  CHECK(closed_share(10, {0, 4}) == 3);
  CHECK(closed_share(10, {1, 4}) == 3);
  CHECK(closed_share(10, {2, 4}) == 2);
  CHECK(closed_share(2, {3, 4}) == 0);  // a segment with no users is valid
}

TEST_CASE("segment: seeds differ per segment and the whole test keeps the run seed", "[segment]") {
  CHECK(segment_seed(42, {0, 1}) == 42);
  std::set<std::uint64_t> seeds;
  for (std::uint32_t i = 0; i < 7; ++i) seeds.insert(segment_seed(42, {i, 7}));
  CHECK(seeds.size() == 7);
  CHECK(segment_seed(42, {1, 7}) == segment_seed(42, {1, 7}));
  CHECK(segment_seed(42, {1, 7}) != segment_seed(43, {1, 7}));
  CHECK(segment_seed(42, {1, 7}) != segment_seed(42, {1, 8}));
}

namespace {
std::vector<feeder_row> numbered(int n) {
  std::vector<feeder_row> rows;
  for (int i = 0; i < n; ++i) rows.push_back({std::to_string(i)});
  return rows;
}
}  // namespace

TEST_CASE("segment: unique feeder rows stay unique across segments and all are covered", "[segment][feeders]") {
  std::mt19937_64 rng(1);
  for (int rows : {1, 5, 7, 100, 1000}) {
    for (std::uint32_t n : {1u, 2u, 4u, 7u}) {
      std::multiset<std::string> used;
      for (std::uint32_t i = 0; i < n; ++i) {
        feeder f("f", {"v"}, numbered(rows), pick_mode::unique);
        f.assign_segment({i, n});
        std::uint64_t got = 0;
        while (const auto* row = f.next(rng)) {
          used.insert((*row)[0]);
          ++got;
        }
        CHECK(got == rows_of(static_cast<std::uint64_t>(rows), {i, n}).size());
      }
      INFO("rows " << rows << ", segments " << n);
      CHECK(used.size() == static_cast<std::size_t>(rows));  // every row handed out ...
      CHECK(std::set<std::string>(used.begin(), used.end()).size() == used.size());  // ... exactly once
    }
  }
}

TEST_CASE("segment: sequential feeders start at floor(I*rows/N) and wrap over all rows", "[segment][feeders]") {
  std::mt19937_64 rng(1);
  feeder f("f", {"v"}, numbered(10), pick_mode::sequential);
  f.assign_segment({1, 4});  // floor(1 * 10 / 4) = 2
  std::string seen;
  for (int i = 0; i < 12; ++i) seen += (*f.next(rng))[0];
  CHECK(seen == "234567890123");
  feeder g("g", {"v"}, numbered(10), pick_mode::sequential);
  g.assign_segment({3, 4});  // floor(3 * 10 / 4) = 7
  CHECK((*g.next(rng))[0] == "7");
  feeder h("h", {"v"}, numbered(10), pick_mode::sequential);
  h.assign_segment({0, 4});
  CHECK((*h.next(rng))[0] == "0");
}
