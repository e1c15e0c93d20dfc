// The query planner, on every index: a query with at most D/8 nonzeros is answered exactly
// (the brute-force top-k), through replacements, removals and batches; denser queries still
// get true scores.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "server/index/index_factory.hpp"
#include "server/index/sparse_query.hpp"

using namespace ragbench::server;

namespace {

constexpr std::size_t dim = 128;

std::vector<float> unit_vector(std::mt19937& rng, std::size_t nonzeros) {
  std::normal_distribution<float> n;
  std::vector<std::size_t> at(dim);
  for (std::size_t i = 0; i < dim; ++i) at[i] = i;
  std::shuffle(at.begin(), at.end(), rng);
  std::vector<float> v(dim);
  for (std::size_t i = 0; i < nonzeros; ++i) v[at[i]] = n(rng);
  double s = 0;
  for (float x : v) s += double{x} * x;
  for (auto& x : v) x = static_cast<float>(x / std::sqrt(s));
  return v;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double{a[i]} * b[i];
  return s;
}

// Checks `hits` is the exact top-k of `live` for `q`: the true best scores in order, and every
// hit an id whose true score is that score (an id may differ from brute force only on a tie).
void check_exact(const std::vector<search_hit>& hits, const std::map<std::uint64_t, std::vector<float>>& live,
                 const std::vector<float>& q, std::size_t k) {
  std::vector<std::pair<double, std::uint64_t>> truth;
  for (const auto& [id, v] : live) truth.emplace_back(dot(q, v), id);
  std::sort(truth.begin(), truth.end(), [](auto& a, auto& b) { return a.first > b.first; });
  REQUIRE(hits.size() == std::min(k, live.size()));
  for (std::size_t i = 0; i < hits.size(); ++i) {
    CAPTURE(i);
    REQUIRE(live.count(hits[i].id) == 1);
    CHECK(hits[i].score == Approx(truth[i].first).margin(1e-5));
    CHECK(hits[i].score == Approx(dot(q, live.at(hits[i].id))).margin(1e-5));
  }
}

std::unique_ptr<vector_index> make(const std::string& name) {
  index_options o;
  o.name = name;
  o.dimension = dim;
  o.initial_capacity = 8;   // both grow
  o.full_scan_threshold = 0;  // hnsw: dense queries take the graph
  return make_index(o);
}

}  // namespace

TEST_CASE("planner: sparse queries get the exact top-k, through writes and batches", "[index][planner]") {
  const std::string name = std::string(GENERATE(from_range(index_strategy_names())));
  CAPTURE(name);
  std::mt19937 rng(21);
  auto index = make(name);
  std::map<std::uint64_t, std::vector<float>> live;
  auto check_queries = [&](int count) {
    for (int t = 0; t < count; ++t) {
      const std::size_t nonzeros = 1 + static_cast<std::size_t>(t) % sparse_query::max_nonzeros(dim);
      const auto q = unit_vector(rng, nonzeros);
      check_exact(index->search(q, 10), live, q, 10);
    }
  };
  for (std::uint64_t id = 0; id < 1500; ++id) {
    live[id] = unit_vector(rng, dim);
    index->add(id, live[id]);
  }
  check_queries(40);
  // Replacements and removals (including of the last-added ids), then re-adds.
  for (std::uint64_t id = 0; id < 1500; id += 7) {
    live[id] = unit_vector(rng, dim);
    index->add(id, live[id]);
  }
  for (std::uint64_t id = 3; id < 1500; id += 5) {
    index->remove(id);
    live.erase(id);
  }
  index->remove(1499);
  live.erase(1499);
  for (std::uint64_t id = 13; id < 1500; id += 50) {
    live[id] = unit_vector(rng, dim);
    index->add(id, live[id]);
  }
  CHECK(index->size() == live.size());
  check_queries(40);
  // A batch that replaces, revives and adds.
  std::vector<std::uint64_t> ids;
  std::vector<float> vectors;
  for (std::uint64_t id = 1400; id < 1800; ++id) {
    ids.push_back(id);
    live[id] = unit_vector(rng, dim);
    vectors.insert(vectors.end(), live[id].begin(), live[id].end());
  }
  index->add_batch(ids, vectors, 2);
  CHECK(index->size() == live.size());
  check_queries(40);
  // k past the size, and a zero query (every score 0).
  const auto q = unit_vector(rng, 3);
  CHECK(index->search(q, 5000).size() == live.size());
  CHECK(index->search(std::vector<float>(dim), 3).size() == 3);
}

TEST_CASE("planner: both indexes give identical sparse results - dense queries keep true scores", "[index][planner]") {
  std::mt19937 rng(8);
  auto flat = make("flat");
  auto hnsw = make("hnsw");
  std::map<std::uint64_t, std::vector<float>> live;
  for (std::uint64_t id = 0; id < 2000; ++id) {
    live[id] = unit_vector(rng, dim);
    flat->add(id, live[id]);
    hnsw->add(id, live[id]);
  }
  for (int t = 0; t < 20; ++t) {
    const auto q = unit_vector(rng, sparse_query::max_nonzeros(dim));  // the last sparse size
    const auto a = flat->search(q, 10);
    const auto b = hnsw->search(q, 10);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].id == b[i].id);
      CHECK(a[i].score == b[i].score);
    }
  }
  std::size_t found = 0;
  for (int t = 0; t < 20; ++t) {
    const auto q = unit_vector(rng, sparse_query::max_nonzeros(dim) + 1);  // dense: graph / row scan
    const auto truth = flat->search(q, 10);
    check_exact(truth, live, q, 10);
    const auto approx = hnsw->search(q, 10);
    REQUIRE(approx.size() == 10);
    for (const auto& h : approx) {
      CHECK(h.score == Approx(dot(q, live.at(h.id))).margin(1e-5));
      found += h.score >= truth.back().score - 1e-5f ? 1 : 0;
    }
  }
  CHECK(found >= 200 * 9 / 10);  // the graph is approximate; random data at M = 24 is easy
}
