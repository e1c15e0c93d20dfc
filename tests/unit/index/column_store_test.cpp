// column_store on its own: slot bookkeeping (swap-remove), exact top-k, memory accounting.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "server/index/column_store.hpp"

using namespace ragbench::server;

TEST_CASE("column store: add, replace and swap-remove keep ids and slots in step", "[index][column]") {
  column_store s(4);
  CHECK(s.size() == 0);
  CHECK(s.add(10, std::vector<float>{1, 0, 0, 0}) == 0);
  CHECK(s.add(11, std::vector<float>{0, 1, 0, 0}) == 1);
  CHECK(s.add(12, std::vector<float>{0, 0, 1, 0}) == 2);
  CHECK(s.add(11, std::vector<float>{0, 0, 0, 1}) == 1);  // replace in place
  CHECK(s.size() == 3);
  CHECK(s.remove(10) == std::optional<std::size_t>(0));  // 12 moves from slot 2 to slot 0
  CHECK_FALSE(s.remove(10).has_value());
  CHECK(s.id_at(0) == 12);
  CHECK(s.id_at(1) == 11);
  const std::vector<sparse_entry> q{{2, 1.0f}, {3, 0.5f}};
  const auto hits = s.top_k(q, 5);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].id == 12);
  CHECK(hits[0].score == 1.0f);
  CHECK(hits[1].id == 11);
  CHECK(hits[1].score == 0.5f);
  CHECK(s.top_k(q, 0).empty());
  CHECK(s.remove(12) == std::optional<std::size_t>(0));
  CHECK(s.remove(11) == std::optional<std::size_t>(0));
  CHECK(s.top_k(q, 3).empty());
}

TEST_CASE("column store: top_k is exact across blocks and growth", "[index][column]") {
  std::mt19937 rng(5);
  std::normal_distribution<float> n;
  constexpr std::size_t dim = 16, count = 1000;  // several 256-slot blocks, a partial last one
  column_store s(dim, 2);
  std::vector<std::vector<float>> vecs(count, std::vector<float>(dim));
  for (std::size_t i = 0; i < count; ++i) {
    for (auto& x : vecs[i]) x = n(rng);
    s.add(i, vecs[i]);
  }
  CHECK(s.memory_bytes() >= count * dim * sizeof(float));
  const std::vector<sparse_entry> q{{1, 0.5f}, {7, -1.0f}, {15, 2.0f}};
  std::vector<std::pair<float, std::uint64_t>> truth;
  for (std::size_t i = 0; i < count; ++i) {
    float score = 0;
    for (const auto& e : q) score += e.value * vecs[i][e.dimension];  // same order as the store
    truth.emplace_back(score, i);
  }
  std::sort(truth.begin(), truth.end(), [](auto& a, auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  const auto hits = s.top_k(q, 10);
  REQUIRE(hits.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(hits[i].id == truth[i].second);
    CHECK(hits[i].score == truth[i].first);
  }
}
