// Sparse query encoding: same distances as the dense kernel, dense fallback, and hnsw searches
// with sparse queries return true scores.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "server/index/index_factory.hpp"
#include "server/index/sparse_query.hpp"

using namespace ragbench::server;

namespace {

// A unit vector with `nonzeros` random components set (possibly fewer on collisions).
std::vector<float> sparse_unit_vector(std::mt19937& rng, std::size_t dim, std::size_t nonzeros) {
  std::normal_distribution<float> n;
  std::uniform_int_distribution<std::size_t> at(0, dim - 1);
  std::vector<float> v(dim);
  for (std::size_t i = 0; i < nonzeros; ++i) v[at(rng)] = n(rng);
  float s = 0;
  for (float x : v) s += x * x;
  if (s > 0) {
    for (auto& x : v) x /= std::sqrt(s);
  }
  return v;
}

}  // namespace

TEST_CASE("sparse query: distance equals the dense kernel's", "[index][sparse]") {
  std::mt19937 rng(9);
  constexpr std::size_t dim = 384;
  const query_distance_params params{dim, dot_product_kernel_for_cpu().dot};
  for (std::size_t nonzeros : {0, 1, 2, 3, 10, 48}) {
    CAPTURE(nonzeros);
    const auto q = sparse_unit_vector(rng, dim, nonzeros);
    const auto stored = sparse_unit_vector(rng, dim, dim);
    const auto sparse = sparse_query::encode(q, dim / 8);
    REQUIRE(sparse.has_value());
    const float dense = query_distance(q.data(), stored.data(), &params);
    CHECK(query_distance(sparse->data(), stored.data(), &params) == Approx(dense).margin(1e-6));
    CHECK(dense == Approx(1.0f - params.dense(q.data(), stored.data(), dim)).margin(1e-7));
  }
  // More nonzeros than allowed: no encoding, the caller searches densely.
  CHECK_FALSE(sparse_query::encode(sparse_unit_vector(rng, dim, dim), dim / 8).has_value());
}

TEST_CASE("sparse query: hnsw searches with sparse queries return true scores", "[index][sparse]") {
  std::mt19937 rng(13);
  constexpr std::size_t dim = 64;
  index_options o;
  o.name = "hnsw";
  o.dimension = dim;
  o.full_scan_threshold = 0;  // graph path
  auto idx = make_index(o);
  std::vector<std::vector<float>> vecs;
  for (std::uint64_t id = 0; id < 400; ++id) {
    vecs.push_back(sparse_unit_vector(rng, dim, 12));
    idx->add(id, vecs.back());
  }
  for (int t = 0; t < 20; ++t) {
    const auto q = sparse_unit_vector(rng, dim, 4);  // <= dim / 8 nonzeros: the sparse path
    const auto hits = idx->search(q, 5);
    REQUIRE(hits.size() == 5);
    for (std::size_t i = 0; i < hits.size(); ++i) {
      float want = 0;
      for (std::size_t d = 0; d < dim; ++d) want += q[d] * vecs[hits[i].id][d];
      CHECK(hits[i].score == Approx(want).margin(1e-5));
      if (i > 0) CHECK(hits[i - 1].score >= hits[i].score);
    }
  }
  // A stored vector is still its own nearest neighbour when it is the (sparse) query.
  const auto lone = sparse_unit_vector(rng, dim, 3);
  idx->add(1000, lone);
  const auto hits = idx->search(lone, 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 1000);
}
