// Sparse query encoding: the nonzeros by dimension, and the D/8 threshold.
#include <catch2/catch.hpp>

#include <vector>

#include "server/index/sparse_query.hpp"

using namespace ragbench::server;

TEST_CASE("sparse query: nonzeros by dimension, nullopt past the threshold", "[index][sparse]") {
  std::vector<float> v(64);
  v[40] = -0.5f;
  v[3] = 0.25f;
  v[63] = 1.0f;
  const auto q = sparse_query::encode(v, sparse_query::max_nonzeros(v.size()));
  REQUIRE(q.has_value());
  const auto nz = q->nonzeros();
  REQUIRE(nz.size() == 3);
  CHECK(nz[0].dimension == 3);
  CHECK(nz[0].value == 0.25f);
  CHECK(nz[1].dimension == 40);
  CHECK(nz[1].value == -0.5f);
  CHECK(nz[2].dimension == 63);
  CHECK(sparse_query::max_nonzeros(384) == 48);
  CHECK(sparse_query::encode(v, 3).has_value());
  CHECK_FALSE(sparse_query::encode(v, 2).has_value());
  const auto zero = sparse_query::encode(std::vector<float>(8), 1);
  REQUIRE(zero.has_value());
  CHECK(zero->nonzeros().empty());
}
