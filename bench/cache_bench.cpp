// lru_cache under contention: get hits, get misses and a 90/10 get/put mix at 1, 2 and 4 threads.
// All threads share one cache (16 shards, 100 000 entries, 1 KB values), like server I/O threads.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/lru_cache.hpp"

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

}  // namespace

BENCHMARK(bm_lru_get_hit)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(bm_lru_get_miss)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(bm_lru_mixed_90_10)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

BENCHMARK_MAIN();
