#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/rag/feature_hash_embedder.hpp"

using ragbench::server::feature_hash_embedder;
using ragbench::server::feature_hash_options;

namespace {

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0f);
}

float norm(const std::vector<float>& a) { return std::sqrt(dot(a, a)); }

}  // namespace

TEST_CASE("embedder: vectors are L2-normalised for any dimension", "[rag][embedder]") {
  const std::size_t dim = GENERATE(1, 7, 64, 384, 1000);
  feature_hash_embedder e(feature_hash_options{dim});
  REQUIRE(e.dimension() == dim);
  const auto v = e.embed("How do I create an index concurrently in PostgreSQL?");
  REQUIRE(v.size() == dim);
  if (dim > 1) CHECK(norm(v) == Approx(1.0f).epsilon(1e-5));
  else CHECK(std::abs(v[0]) == Approx(1.0f).epsilon(1e-5));
}

TEST_CASE("embedder: empty or punctuation-only text gives the zero vector", "[rag][embedder]") {
  feature_hash_embedder e;
  const std::string text = GENERATE(std::string(""), std::string("  ,.;!?-- \n\t"));
  const auto v = e.embed(text);
  CHECK(norm(v) == 0.0f);
}

TEST_CASE("embedder: deterministic, case-insensitive, and fixed across platforms", "[rag][embedder]") {
  feature_hash_embedder a, b;
  const auto v1 = a.embed("Vacuum reclaims storage occupied by dead tuples.");
  const auto v2 = b.embed("Vacuum reclaims storage occupied by dead tuples.");
  CHECK(v1 == v2);
  CHECK(a.embed("VACUUM Reclaims STORAGE, occupied by dead tuples") == v1);
  // FNV-1a of "a" is a published constant: the hash must not depend on the platform.
  CHECK(feature_hash_embedder::token_hash("a") == 0xaf63dc4c8601ec8cull);
  CHECK(feature_hash_embedder::token_hash("A") == feature_hash_embedder::token_hash("a"));
}

TEST_CASE("embedder: a paraphrase scores higher than an unrelated text", "[rag][embedder]") {
  feature_hash_embedder e;
  const auto q = e.embed("how to create an index on a table column");
  const auto para = e.embed("To create an index on a column of a table, use CREATE INDEX.");
  const auto other = e.embed("The weather in Lisbon was sunny and warm all week long.");
  const float s_para = dot(q, para);
  const float s_other = dot(q, other);
  CHECK(s_para > 0.3f);
  CHECK(s_para > s_other + 0.2f);
  CHECK(dot(q, q) == Approx(1.0f).epsilon(1e-5));
}

TEST_CASE("embedder: word order matters a little through bigrams", "[rag][embedder]") {
  feature_hash_embedder e;
  const auto a = e.embed("primary key constraint");
  const auto b = e.embed("constraint key primary");
  const float s = dot(a, b);
  CHECK(s < 0.999f);
  CHECK(s > 0.5f);  // same unigrams still dominate
}

TEST_CASE("embedder: sublinear tf keeps repetition from dominating", "[rag][embedder]") {
  feature_hash_embedder e;
  std::string spam = "index ";
  for (int i = 0; i < 200; ++i) spam += "index ";
  const auto q = e.embed("index tuning for large tables");
  const auto spammy = e.embed(spam + "tuning");
  const auto good = e.embed("tuning an index for large tables");
  CHECK(dot(q, good) > dot(q, spammy));
}

TEST_CASE("embedder: bad options and wrong output size are clear errors", "[rag][embedder]") {
  CHECK_THROWS_WITH(feature_hash_embedder(feature_hash_options{0}), Catch::Contains("dimension"));
  CHECK_THROWS_WITH(feature_hash_embedder(feature_hash_options{384, -1.0f}), Catch::Contains("bigram_weight"));
  feature_hash_embedder e(feature_hash_options{16});
  std::vector<float> out(15);
  CHECK_THROWS_AS(e.embed("text", out), std::invalid_argument);
}

TEST_CASE("embedder: non-ASCII bytes stay inside words", "[rag][embedder]") {
  feature_hash_embedder e;
  const auto a = e.embed("naïve café");
  CHECK(norm(a) == Approx(1.0f).epsilon(1e-5));
  CHECK(dot(a, e.embed("naïve café")) == Approx(1.0f).epsilon(1e-5));
  CHECK(dot(a, e.embed("na ve caf")) < 0.5f);
}

TEST_CASE("embedder: golden vector pins the algorithm (same on every platform)", "[rag][embedder]") {
  // "hello" tf 2 -> 1 + ln 2, "world" 1, two bigrams 0.5 each; then L2-normalised.
  feature_hash_embedder e;
  const auto v = e.embed("Hello, hello world");
  const std::vector<std::pair<std::size_t, float>> golden{
      {178, -0.810244f}, {180, 0.239271f}, {195, -0.239271f}, {221, -0.478543f}};
  std::size_t nonzero = 0;
  for (float x : v) nonzero += x != 0.0f ? 1 : 0;
  CHECK(nonzero == golden.size());
  for (const auto& [i, x] : golden) CHECK(v[i] == Approx(x).margin(1e-5));
}
