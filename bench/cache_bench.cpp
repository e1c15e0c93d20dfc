// lru_cache under contention: get hits, get misses and a 90/10 get/put mix at 1, 2 and 4 threads.
// All threads share one cache (16 shards, 100 000 entries, 1 KB values), like server I/O threads.
// Then lookup latency per tier with p50/p99 counters (microseconds, each lookup timed): lru at
// the seed's L1 size, semantic at 10 000 entries (real feature-hashing embeddings, computed
// beforehand as answer_service does), and tiered lru -> semantic. Targets (issue 5): L1 p99
// <= 20 us, semantic p99 <= 1 ms at 10 000 entries. The redis tier is in redis_cache_bench.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/cache/lru_cache.hpp"
#include "server/rag/feature_hash_embedder.hpp"

namespace {

using namespace ragbench::server;
using namespace std::chrono_literals;

constexpr std::size_t key_count = 100'000;

// One cache and key set for the whole binary, built before any timed loop runs.
struct shared_cache {
  ragbench::steady_clock_source clock;
  std::unique_ptr<lru_cache> cache;
  std::vector<std::string> keys;
  std::vector<std::string> missing;

  shared_cache() {
    cache_options o;
    o.capacity = key_count;
    o.shards = 16;
    o.default_ttl = 3600s;
    cache = std::make_unique<lru_cache>(o, clock);
    for (std::size_t i = 0; i < key_count; ++i) {
      keys.push_back("what is the retention policy for index " + std::to_string(i));
      missing.push_back("a question nobody asked before, number " + std::to_string(i));
      cache->put(cache_key{keys.back(), {}}, std::string(1024, 'a'), 3600s);
    }
  }
};

shared_cache& fixture() {
  static shared_cache f;
  return f;
}

// A per-thread xorshift stream so threads touch different keys without shared state.
struct key_stream {
  std::uint64_t s;
  explicit key_stream(int thread) : s(0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(thread + 1)) {}
  std::size_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<std::size_t>(s % key_count);
  }
};

void bm_lru_get_hit(benchmark::State& state) {
  auto& f = fixture();
  key_stream ks(state.thread_index());
  for (auto _ : state) benchmark::DoNotOptimize(f.cache->get(cache_key{f.keys[ks.next()], {}}));
  state.SetItemsProcessed(state.iterations());
}

void bm_lru_get_miss(benchmark::State& state) {
  auto& f = fixture();
  key_stream ks(state.thread_index());
  for (auto _ : state) benchmark::DoNotOptimize(f.cache->get(cache_key{f.missing[ks.next()], {}}));
  state.SetItemsProcessed(state.iterations());
}

// 90 % gets of present keys, 10 % puts (replacing a present key's value).
void bm_lru_mixed_90_10(benchmark::State& state) {
  auto& f = fixture();
  key_stream ks(state.thread_index());
  const std::string value(1024, 'b');
  std::uint64_t n = 0;
  for (auto _ : state) {
    const auto& k = f.keys[ks.next()];
    if (++n % 10 == 0) {
      f.cache->put(cache_key{k, {}}, value, 3600s);
    } else {
      benchmark::DoNotOptimize(f.cache->get(cache_key{k, {}}));
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// --- lookup latency per tier -------------------------------------------------------------------

// Queries of 4 words drawn from a 3000-word vocabulary, with their embeddings: `stored` are
// cached, `paraphrases` are the stored ones reworded (a word added), `fresh` were never cached.
struct query_set {
  struct q {
    std::string text;
    std::vector<float> vec;
  };
  std::vector<q> stored, paraphrases, fresh;
  explicit query_set(std::size_t n) {
    ragbench::server::feature_hash_embedder embed;
    std::mt19937_64 rng(7);
    auto word = [&] { return "term" + std::to_string(rng() % 3000); };
    auto make = [&](std::string text) {
      auto vec = embed.embed(text);
      return q{"query|k=5|" + text, std::move(vec)};
    };
    for (std::size_t i = 0; i < n; ++i) {
      std::string body = "how does " + word() + " " + word() + " " + word() + " " + word() + " work";
      stored.push_back(make(body));
      paraphrases.push_back(make(body + " exactly"));
      fresh.push_back(make("how does " + word() + " " + word() + " " + word() + " " + word() + " work"));
    }
  }
};

cache_key key_of(const query_set::q& q) { return cache_key{q.text, q.vec, std::string_view(q.text).substr(0, 10)}; }

// One strategy, or for "tiered" lru (the seed's L1 of 1000) over semantic.
cache_stack filled(const std::string& name, std::size_t entries, const query_set& qs,
                   const ragbench::clock_source& clock) {
  cache_options o;
  o.name = name;
  o.capacity = entries;
  o.shards = 16;
  o.default_ttl = 3600s;
  std::vector<cache_options> tiers{o};
  if (name == "tiered") {
    cache_options l1 = o, l3 = o;
    l1.name = "lru";
    l1.capacity = 1000;  // seed L1
    l3.name = "semantic";
    tiers = {l1, l3};
  }
  auto c = make_cache_stack(tiers, clock);
  for (std::size_t i = 0; i < entries; ++i) c.top().put(key_of(qs.stored[i]), std::string(1024, 'a'), 0ms);
  return c;
}

// Times every lookup of `pick(i)` and reports p50/p99 in microseconds.
template <class Pick>
void timed_lookups(benchmark::State& state, cache& c, Pick pick) {
  std::vector<double> us;
  us.reserve(1 << 20);
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    const auto started = std::chrono::steady_clock::now();
    auto got = c.lookup(pick(i++));
    const auto took = std::chrono::steady_clock::now() - started;
    hits += got.has_value();
    if (us.size() < us.capacity()) us.push_back(std::chrono::duration<double, std::micro>(took).count());
  }
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us.empty() ? 0.0 : us[static_cast<std::size_t>(q * double(us.size() - 1))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["hit_rate"] = double(hits) / double(std::max<std::size_t>(1, i));
}

const query_set& queries() {
  static query_set qs(10'000);
  return qs;
}

void bm_tier_lookup_lru_hit(benchmark::State& state) {
  ragbench::steady_clock_source clock;
  const auto& qs = queries();
  auto c = filled("lru", 1000, qs, clock);
  timed_lookups(state, c.top(), [&](std::size_t i) { return key_of(qs.stored[i % 1000]); });
}

void bm_tier_lookup_semantic_paraphrase(benchmark::State& state) {
  ragbench::steady_clock_source clock;
  const auto& qs = queries();
  auto c = filled("semantic", 10'000, qs, clock);
  timed_lookups(state, c.top(), [&](std::size_t i) { return key_of(qs.paraphrases[i % 10'000]); });
}

void bm_tier_lookup_semantic_miss(benchmark::State& state) {
  ragbench::steady_clock_source clock;
  const auto& qs = queries();
  auto c = filled("semantic", 10'000, qs, clock);
  timed_lookups(state, c.top(), [&](std::size_t i) { return key_of(qs.fresh[i % 10'000]); });
}

// lru (1000) -> semantic (10 000): fresh queries walk both tiers and miss.
void bm_tier_lookup_tiered_miss(benchmark::State& state) {
  ragbench::steady_clock_source clock;
  const auto& qs = queries();
  auto c = filled("tiered", 10'000, qs, clock);
  timed_lookups(state, c.top(), [&](std::size_t i) { return key_of(qs.fresh[i % 10'000]); });
}

}  // namespace

BENCHMARK(bm_tier_lookup_lru_hit);
BENCHMARK(bm_tier_lookup_semantic_paraphrase);
BENCHMARK(bm_tier_lookup_semantic_miss);
BENCHMARK(bm_tier_lookup_tiered_miss);
BENCHMARK(bm_lru_get_hit)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(bm_lru_get_miss)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(bm_lru_mixed_90_10)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

BENCHMARK_MAIN();
