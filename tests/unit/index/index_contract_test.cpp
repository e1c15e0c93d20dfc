// One contract, every index strategy (GENERATE over the factory's names).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "random_unit_vector.hpp"
#include "server/index/index_factory.hpp"

using namespace ragbench::server;

namespace {

using ragbench::test::random_unit_vector;

std::unique_ptr<vector_index> make(std::string_view name, std::size_t dim, std::size_t full_scan = 0) {
  index_options o;
  o.name = std::string(name);
  o.dimension = dim;
  o.initial_capacity = 4;  // forces hnsw to grow
  o.full_scan_threshold = full_scan;
  return make_index(o);
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  float s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

TEST_CASE("index contract: empty index, k > size, k = 0", "[index]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  CAPTURE(name);
  auto idx = make(name, 8);
  CHECK(idx->name() == name);
  CHECK(idx->dimension() == 8);
  CHECK(idx->size() == 0);
  const std::vector<float> q(8, 0.5f);
  CHECK(idx->search(q, 10).empty());
  idx->add(1, q);
  idx->add(2, std::vector<float>{1, 0, 0, 0, 0, 0, 0, 0});
  CHECK(idx->size() == 2);
  const auto hits = idx->search(q, 100);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].id == 1);
  CHECK(hits[0].score == Approx(2.0f));
  CHECK(hits[0].score >= hits[1].score);
  CHECK(idx->search(q, 0).empty());
  CHECK(idx->memory_bytes() > 0);
}

TEST_CASE("index contract: add, replace, remove, re-add", "[index]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  const std::size_t full_scan = GENERATE(0, 1000);  // hnsw: graph path and exact path
  CAPTURE(name, full_scan);
  std::mt19937 rng(7);
  auto idx = make(name, 16, full_scan);
  std::vector<std::vector<float>> vecs;
  for (std::uint64_t id = 0; id < 300; ++id) {
    vecs.push_back(random_unit_vector(rng, 16));
    idx->add(id, vecs.back());
  }
  CHECK(idx->size() == 300);
  // Each stored vector is its own nearest neighbour.
  for (std::uint64_t id : {0, 17, 150, 299}) {
    const auto hits = idx->search(vecs[id], 1);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == id);
    CHECK(hits[0].score == Approx(1.0f).epsilon(1e-4));
  }
  // Remove: never returned again; removing twice or an unknown id is a no-op.
  idx->remove(17);
  idx->remove(17);
  idx->remove(123456);
  CHECK(idx->size() == 299);
  for (const auto& h : idx->search(vecs[17], 300)) CHECK(h.id != 17);
  CHECK(idx->search(vecs[17], 1000).size() == 299);
  // Replace: the id now lives at the new vector, size unchanged.
  const auto moved = random_unit_vector(rng, 16);
  idx->add(150, moved);
  CHECK(idx->size() == 299);
  auto hits = idx->search(moved, 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 150);
  CHECK(hits[0].score == Approx(1.0f).epsilon(1e-4));
  // Re-add of a deleted id works.
  idx->add(17, vecs[17]);
  CHECK(idx->size() == 300);
  hits = idx->search(vecs[17], 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 17);
}

TEST_CASE("index contract: results are sorted best first with true scores", "[index]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  CAPTURE(name);
  std::mt19937 rng(11);
  auto idx = make(name, 32);
  std::vector<std::vector<float>> vecs;
  for (std::uint64_t id = 0; id < 500; ++id) {
    vecs.push_back(random_unit_vector(rng, 32));
    idx->add(id * 3, vecs.back());
  }
  const auto q = random_unit_vector(rng, 32);
  const auto hits = idx->search(q, 10);
  REQUIRE(hits.size() == 10);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    REQUIRE(hits[i].id % 3 == 0);
    CHECK(hits[i].score == Approx(dot(q, vecs[hits[i].id / 3])).margin(1e-4));
    if (i > 0) CHECK(hits[i - 1].score >= hits[i].score);
  }
}

TEST_CASE("index contract: flat returns the exact nearest neighbours (vs brute force)", "[index]") {
  std::mt19937 rng(3);
  auto idx = make("flat", 24);
  std::vector<std::vector<float>> vecs;
  for (std::uint64_t id = 0; id < 1000; ++id) {
    vecs.push_back(random_unit_vector(rng, 24));
    idx->add(id, vecs.back());
  }
  for (int t = 0; t < 20; ++t) {
    const auto q = random_unit_vector(rng, 24);
    std::vector<std::pair<float, std::uint64_t>> all;
    for (std::uint64_t id = 0; id < vecs.size(); ++id) all.emplace_back(dot(q, vecs[id]), id);
    std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });
    const auto hits = idx->search(q, 5);
    REQUIRE(hits.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(hits[i].id == all[i].second);
      CHECK(hits[i].score == Approx(all[i].first).margin(1e-5));
    }
  }
}

TEST_CASE("index contract: bad input is a clear error", "[index]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  CAPTURE(name);
  auto idx = make(name, 8);
  CHECK_THROWS_WITH(idx->add(1, std::vector<float>(7)), Catch::Contains("dimensions"));
  CHECK_THROWS_AS(idx->search(std::vector<float>(9), 1), std::invalid_argument);
  std::vector<float> nan(8, 0.5f);
  nan[0] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(idx->add(1, nan), Catch::Contains("NaN"));
  nan[0] = std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH(idx->add(1, nan), Catch::Contains("infinite"));
  CHECK(idx->size() == 0);
  index_options o;
  o.name = name;
  o.dimension = 0;
  CHECK_THROWS_WITH(make_index(o), Catch::Contains("dimension"));
}

TEST_CASE("index factory: unknown names and bad hnsw options", "[index]") {
  index_options o;
  o.name = "annoy";
  CHECK_THROWS_WITH(make_index(o), Catch::Contains("hnsw, flat"));
  o.name = "hnsw";
  o.m = 1;
  CHECK_THROWS_WITH(make_index(o), Catch::Contains("'m'"));
  o.m = 16;
  o.ef_search = 0;
  CHECK_THROWS_WITH(make_index(o), Catch::Contains("ef_search"));
}

TEST_CASE("index contract: add_batch (parallel) finds every vector like single adds", "[index]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  const std::size_t threads = GENERATE(1, 3);
  CAPTURE(name, threads);
  const std::size_t dim = 32, count = 600;
  std::mt19937 rng(11);
  std::vector<std::uint64_t> ids;
  std::vector<float> flat;
  std::vector<std::vector<float>> vectors;
  for (std::size_t i = 0; i < count; ++i) {
    vectors.push_back(random_unit_vector(rng, dim));
    flat.insert(flat.end(), vectors.back().begin(), vectors.back().end());
    ids.push_back(1000 + i);
  }
  auto index = make(name, dim);
  // Two batches, the second replacing half of the first and adding new ids, after a removal.
  index->add_batch(std::span(ids).first(400), std::span(flat).first(400 * dim), threads);
  index->remove(1000 + 5);
  index->add_batch(std::span(ids).subspan(200), std::span(flat).subspan(200 * dim), threads);
  CHECK(index->size() == count - 1);
  std::size_t found_self = 0;
  for (std::size_t i = 0; i < count; ++i) {
    auto hits = index->search(vectors[i], 1);
    if (i == 5) {
      CHECK((hits.empty() || hits[0].id != 1005));
      continue;
    }
    if (!hits.empty() && hits[0].id == ids[i]) ++found_self;
  }
  // Each vector is its own nearest neighbour; hnsw may miss a very few.
  CHECK(found_self >= (count - 1) * 98 / 100);
  std::vector<float> wrong(3 * dim);
  CHECK_THROWS_AS(index->add_batch(std::span(ids).first(2), wrong, threads), std::invalid_argument);
}
