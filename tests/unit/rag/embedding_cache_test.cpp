// The embedding cache and the cached embedder: the model is asked once per distinct text, the
// vectors are the model's, the bound holds with the least recently used text evicted first, and
// hits, misses and evictions are counted.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "server/rag/cached_embedder.hpp"
#include "server/rag/embedding_cache.hpp"
#include "server/rag/feature_hash_embedder.hpp"

using namespace ragbench::server;

namespace {

// The real embedder, counting the texts it embeds.
class counting_embedder final : public embedder {
 public:
  std::size_t dimension() const override { return model.dimension(); }
  void embed(std::string_view text, std::span<float> out) const override {
    calls.fetch_add(1);
    model.embed(text, out);
  }
  using embedder::embed;
  feature_hash_embedder model{feature_hash_options{64}};
  mutable std::atomic<int> calls{0};
};

}  // namespace

TEST_CASE("cached embedder: one model call per distinct text, the model's own vectors", "[rag][embedding_cache]") {
  counting_embedder model;
  cached_embedder cached(model, 100);
  const auto first = cached.embed("how does write-ahead logging work");
  const auto again = cached.embed("how does write-ahead logging work");
  CHECK(model.calls == 1);
  CHECK(first == again);
  CHECK(first == model.model.embed("how does write-ahead logging work"));
  cached.embed("How does write-ahead logging work");  // the exact text is the key
  CHECK(model.calls == 2);
  const auto s = cached.stats();
  CHECK(s.hits == 1);
  CHECK(s.misses == 2);
  CHECK(s.entries == 2);
  CHECK(cached.dimension() == 64);
}

TEST_CASE("embedding cache: bounded, least recently used evicted first", "[rag][embedding_cache]") {
  embedding_cache cache(3, 2, 1);  // one shard: the order is exact
  const float v[2] = {1, 0};
  float out[2] = {};
  cache.put("a", v);
  cache.put("b", v);
  cache.put("c", v);
  CHECK(cache.get("a", out));  // a is now the most recently used
  cache.put("d", v);           // evicts b
  CHECK_FALSE(cache.get("b", out));
  CHECK(cache.get("a", out));
  CHECK(cache.get("c", out));
  CHECK(cache.get("d", out));
  CHECK(out[0] == 1);
  const auto s = cache.stats();
  CHECK(s.entries == 3);
  CHECK(s.evictions == 1);
  CHECK(s.hits == 4);
  CHECK(s.misses == 1);
  CHECK(cache.capacity() == 3);
}

TEST_CASE("embedding cache: long texts are not stored, bad sizes are refused", "[rag][embedding_cache]") {
  embedding_cache cache(10, 2);
  const float v[2] = {0, 1};
  float out[2] = {};
  const std::string long_text(embedding_cache::k_max_text_bytes + 1, 'x');
  cache.put(long_text, v);
  CHECK_FALSE(cache.get(long_text, out));
  CHECK(cache.stats().entries == 0);
  float wrong[3] = {};
  CHECK_THROWS_AS(cache.put("a", wrong), std::invalid_argument);
  CHECK_THROWS_AS(cache.get("a", wrong), std::invalid_argument);
  CHECK_THROWS_AS(embedding_cache(0, 2), std::invalid_argument);
  CHECK_THROWS_AS(embedding_cache(2, 0), std::invalid_argument);
}

TEST_CASE("embedding cache: many threads on few texts stay within the bound and agree", "[rag][embedding_cache]") {
  counting_embedder model;
  cached_embedder cached(model, 16, 4);
  const auto expected = model.model.embed("text 3");
  std::vector<std::thread> threads;
  std::atomic<bool> mismatch{false};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto v = cached.embed("text " + std::to_string((i + t) % 24));
        if ((i + t) % 24 == 3 && v != expected) mismatch = true;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK_FALSE(mismatch);
  const auto s = cached.stats();
  CHECK(s.entries <= 16);
  CHECK(s.hits + s.misses == 8000);
  CHECK(s.evictions > 0);
}
