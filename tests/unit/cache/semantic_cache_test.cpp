// semantic_cache specifics: matches by meaning (real feature-hashing embeddings), the threshold,
// the parameter scope, the FIFO size bound, TTL on the fake clock, bad embeddings.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/semantic_cache.hpp"
#include "server/rag/feature_hash_embedder.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t dim = 384;

cache_options semantic_options(double threshold = 0.85, std::size_t capacity = 100) {
  cache_options o;
  o.name = "semantic";
  o.capacity = capacity;
  o.default_ttl = 60s;
  o.ttl_jitter = 0;
  o.semantic_threshold = threshold;
  o.embedding_dim = dim;
  return o;
}

// A query as answer_service presents it: text = scope + query, the embedding of the query.
struct query {
  std::string text;
  std::string scope;
  std::vector<float> vec;
  query(const feature_hash_embedder& e, const std::string& q, const std::string& scope_ = "query|k=5|")
      : text(scope_ + q), scope(scope_), vec(e.embed(q)) {}
  cache_key key() const { return cache_key{text, vec, scope}; }
};

// A unit vector at cosine `c` from axis 0 (in the plane of axes 0 and 1).
std::vector<float> at_cosine(double c) {
  std::vector<float> v(dim, 0.0f);
  v[0] = static_cast<float>(c);
  v[1] = static_cast<float>(std::sqrt(1 - c * c));
  return v;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += double(a[i]) * b[i];
  return dot;
}

}  // namespace

TEST_CASE("semantic: the exact query and a paraphrase hit, a different question misses", "[cache][semantic]") {
  fake_clock clock;
  feature_hash_embedder embed;
  semantic_cache c(semantic_options(), clock);
  query stored(embed, "how do i reset my account password");
  c.put(stored.key(), "answer: reset", 0ms);

  CHECK(c.get(stored.key()) == std::optional<std::string>("answer: reset"));
  query paraphrase(embed, "how do i reset my account password please");
  REQUIRE(cosine(stored.vec, paraphrase.vec) >= 0.85);
  CHECK(c.get(paraphrase.key()) == std::optional<std::string>("answer: reset"));
  query far(embed, "what is the refund policy for annual plans");
  CHECK(cosine(stored.vec, far.vec) < 0.5);
  CHECK_FALSE(c.get(far.key()).has_value());
  auto hit = c.lookup(paraphrase.key());
  REQUIRE(hit.has_value());
  CHECK(hit->tier == "semantic");
  CHECK(c.stats().hits == 3);
  CHECK(c.stats().misses == 1);
}

TEST_CASE("semantic: hit iff similarity >= threshold", "[cache][semantic]") {
  const double threshold = GENERATE(0.70, 0.85, 0.95);
  const double similarity = GENERATE(0.60, 0.72, 0.84, 0.86, 0.94, 0.96, 0.999);
  fake_clock clock;
  semantic_cache c(semantic_options(threshold), clock);
  auto stored = at_cosine(1.0);
  c.put(cache_key{"query|k=5|stored", stored, "query|k=5|"}, "v", 0ms);
  auto probe = at_cosine(similarity);
  CHECK(c.get(cache_key{"query|k=5|probe", probe, "query|k=5|"}).has_value() == (similarity >= threshold));
}

TEST_CASE("semantic: parameters (k, filters) must match exactly", "[cache][semantic]") {
  fake_clock clock;
  feature_hash_embedder embed;
  semantic_cache c(semantic_options(), clock);
  query stored(embed, "how do i reset my account password", "query|k=5|");
  c.put(stored.key(), "k5", 0ms);
  CHECK(c.get(query(embed, "how do i reset my account password", "query|k=3|").key()) == std::nullopt);
  CHECK(c.get(query(embed, "how do i reset my account password", "query|k=5|doc=7|").key()) == std::nullopt);
  CHECK(c.get(query(embed, "how do i reset my account password", "query|k=5|").key()) ==
        std::optional<std::string>("k5"));
  // Same meaning, other scope: a second entry, and each scope gets its own answer.
  c.put(query(embed, "how do i reset my account password", "query|k=3|").key(), "k3", 0ms);
  CHECK(c.get(query(embed, "how do i reset my account password please", "query|k=3|").key()) ==
        std::optional<std::string>("k3"));
  CHECK(c.get(query(embed, "how do i reset my account password please", "query|k=5|").key()) ==
        std::optional<std::string>("k5"));
  CHECK(c.stats().entries == 2);
}

TEST_CASE("semantic: the size bound evicts the oldest writes and reuses their labels", "[cache][semantic]") {
  fake_clock clock;
  semantic_cache c(semantic_options(0.99, 8), clock);
  auto vec_of = [](int i) {
    std::vector<float> v(dim, 0.0f);
    v[static_cast<std::size_t>(i) % dim] = 1.0f;
    return v;
  };
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      auto v = vec_of(i);
      c.put(cache_key{"q" + std::to_string(i), v, ""}, "v" + std::to_string(i), 0ms);
    }
  }
  const auto s = c.stats();
  CHECK(s.entries == 8);
  CHECK(s.evictions == 300 - 8);
  for (int i = 0; i < 100; ++i) {
    auto v = vec_of(i);
    // Found by meaning (other text), only the last 8 written remain.
    auto got = c.get(cache_key{"other" + std::to_string(i), v, ""});
    CHECK(got.has_value() == (i >= 92));
    if (got) CHECK(*got == "v" + std::to_string(i));
  }
}

TEST_CASE("semantic: rewriting a key replaces its value and embedding", "[cache][semantic]") {
  fake_clock clock;
  semantic_cache c(semantic_options(0.9), clock);
  auto a = at_cosine(1.0);
  std::vector<float> b(dim, 0.0f);
  b[5] = 1.0f;
  c.put(cache_key{"k", a, ""}, "first", 0ms);
  c.put(cache_key{"k", b, ""}, "second", 0ms);
  CHECK(c.stats().entries == 1);
  CHECK_FALSE(c.get(cache_key{"near a", a, ""}).has_value());
  CHECK(c.get(cache_key{"near b", b, ""}) == std::optional<std::string>("second"));
}

TEST_CASE("semantic: entries expire after their TTL on the fake clock", "[cache][semantic]") {
  fake_clock clock;
  feature_hash_embedder embed;
  semantic_cache c(semantic_options(), clock);
  query stored(embed, "how do i reset my account password");
  query paraphrase(embed, "how do i reset my account password please");
  c.put(stored.key(), "v", 1000ms);
  clock.advance(999ms);
  CHECK(c.get(paraphrase.key()).has_value());
  clock.advance(1ms);
  CHECK_FALSE(c.get(paraphrase.key()).has_value());
  CHECK(c.stats().expirations == 1);
  CHECK(c.stats().entries == 0);
  CHECK_FALSE(c.get(stored.key()).has_value());
  c.put(stored.key(), "again", 0ms);  // the freed label is reused
  CHECK(c.get(paraphrase.key()) == std::optional<std::string>("again"));
}

TEST_CASE("semantic: invalidate_all forgets every entry", "[cache][semantic]") {
  fake_clock clock;
  feature_hash_embedder embed;
  semantic_cache c(semantic_options(), clock);
  query stored(embed, "how do i reset my account password");
  c.put(stored.key(), "v", 0ms);
  c.invalidate_all();
  CHECK(c.stats().entries == 0);
  CHECK_FALSE(c.get(stored.key()).has_value());
  c.put(stored.key(), "after", 0ms);
  CHECK(c.get(stored.key()) == std::optional<std::string>("after"));
}

TEST_CASE("semantic: a wrong or non-finite embedding is rejected with a clear error", "[cache][semantic]") {
  fake_clock clock;
  semantic_cache c(semantic_options(), clock);
  std::vector<float> short_vec(10, 0.1f);
  CHECK_THROWS_WITH(c.put(cache_key{"k", short_vec, ""}, "v", 0ms), Catch::Contains("expected 384"));
  CHECK_THROWS_AS(c.get(cache_key{"k", short_vec, ""}), std::invalid_argument);
  std::vector<float> nan_vec(dim, 0.0f);
  nan_vec[3] = std::nanf("");
  CHECK_THROWS_WITH(c.put(cache_key{"k", nan_vec, ""}, "v", 0ms), Catch::Contains("non-finite"));
  CHECK(c.stats().entries == 0);
}

TEST_CASE("semantic: concurrent lookups and writes stay consistent", "[cache][semantic]") {
  fake_clock clock;
  semantic_cache c(semantic_options(0.99, 64), clock);
  std::atomic<int> wrong{0};  // Catch2 assertions are not thread-safe: count, check afterwards
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c, &wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        std::vector<float> v(dim, 0.0f);
        v[static_cast<std::size_t>(i * 7 + t) % dim] = 1.0f;
        const std::string text = "k" + std::to_string((i * 7 + t) % dim);
        if (i % 3 == 0) {
          c.put(cache_key{text, v, ""}, text, 0ms);
        } else if (auto got = c.get(cache_key{"probe", v, ""})) {
          if (*got != text) wrong.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
  CHECK(c.stats().entries <= 64);
}

TEST_CASE("semantic: a negated question never gets the answer of the plain one", "[cache][semantic]") {
  fake_clock clock;
  feature_hash_embedder embed;
  semantic_cache c(semantic_options(0.70), clock);
  query plain(embed, "when should i use a partial index");
  query negated(embed, "when should i not use a partial index");
  REQUIRE(cosine(plain.vec, negated.vec) >= 0.85);  // why the guard exists
  c.put(plain.key(), "use it when", 0ms);
  CHECK_FALSE(c.get(negated.key()).has_value());
  CHECK_FALSE(c.get(query(embed, "when shouldn't i use a partial index").key()).has_value());
  CHECK(c.get(query(embed, "so when should i use a partial index").key()) == std::optional<std::string>("use it when"));
  c.put(negated.key(), "avoid it when", 0ms);
  CHECK(c.get(query(embed, "when should i really not use a partial index").key()) ==
        std::optional<std::string>("avoid it when"));
}

TEST_CASE("semantic: negation signature", "[cache][semantic]") {
  CHECK(semantic_cache::negation_signature("how do i use x") == 0);
  CHECK(semantic_cache::negation_signature("Not now") != 0);
  CHECK(semantic_cache::negation_signature("nothing noted") == 0);
  CHECK(semantic_cache::negation_signature("why doesn't it work") != 0);
  CHECK(semantic_cache::negation_signature("never") != semantic_cache::negation_signature("not"));
  CHECK(semantic_cache::negation_signature("x without y") == semantic_cache::negation_signature("WITHOUT"));
}
