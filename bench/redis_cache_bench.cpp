// redis_cache lookup latency on loopback: get hits and misses (one pipelined round trip each) and
// put, with p50/p99 per iteration as counters (target: p99 <= 0.3 ms). Uses the Redis at
// $REDIS_URL when set, otherwise starts a throw-away redis-server (tests/support), otherwise skips.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/redis/redis_cache.hpp"
#include "support/redis_server.hpp"

namespace {

using namespace ragbench::server;
using namespace std::chrono_literals;

constexpr int key_count = 10'000;

struct fixture_state {
  ragbench::steady_clock_source clock;
  std::unique_ptr<ragbench::testing::redis_server> server;  // only when REDIS_URL is unset
  std::unique_ptr<redis_cache> cache;
  std::vector<std::string> keys;
  std::string skip_reason;

  fixture_state() {
    std::string url;
    if (const char* env = std::getenv("REDIS_URL"); env && *env) {
      url = env;
    } else {  // throws, with the reason, when redis-server is not installed
      server = std::make_unique<ragbench::testing::redis_server>();
      url = server->url();
    }
    cache_options o;
    o.redis_url = url;
    o.default_ttl = 3600s;
    o.pool.strategy = "fixed";
    o.pool.max = 8;
    cache = std::make_unique<redis_cache>(o, clock);
    cache->invalidate_all();  // a fresh generation: earlier runs' entries are unreachable
    for (int i = 0; i < key_count; ++i) {
      keys.push_back("what is the retention policy for index " + std::to_string(i));
      cache->put(cache_key{keys.back(), {}}, std::string(1024, 'a'), 3600s);
    }
    if (!cache->healthy()) skip_reason = "redis at " + url + " is not reachable";
  }
};

fixture_state& fixture() {
  static fixture_state f;
  return f;
}

void report_percentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * static_cast<double>(us.size())))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = us.back();
}

template <class Op>
void timed_loop(benchmark::State& state, Op op) {
  auto& f = fixture();
  if (!f.skip_reason.empty()) {
    state.SkipWithError(f.skip_reason.c_str());
    return;
  }
  std::vector<double> us;
  us.reserve(1 << 16);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    op(f, i++);
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  report_percentiles(state, us);
}

void bm_redis_get_hit(benchmark::State& state) {
  double misses = 0;
  timed_loop(state, [&](fixture_state& f, std::size_t i) {
    auto v = f.cache->get(cache_key{f.keys[i % key_count], {}});
    if (!v) ++misses;  // should stay 0
    benchmark::DoNotOptimize(v);
  });
  state.counters["misses"] = misses;
}

void bm_redis_get_miss(benchmark::State& state) {
  const std::string missing = "a question nobody asked before";
  timed_loop(state, [&](fixture_state& f, std::size_t) {
    auto v = f.cache->get(cache_key{missing, {}});
    benchmark::DoNotOptimize(v);
  });
}

void bm_redis_put(benchmark::State& state) {
  const std::string value(1024, 'b');
  timed_loop(state, [&](fixture_state& f, std::size_t i) {
    f.cache->put(cache_key{f.keys[i % key_count], {}}, value, 3600s);
  });
}

BENCHMARK(bm_redis_get_hit)->UseRealTime();
BENCHMARK(bm_redis_get_miss)->UseRealTime();
BENCHMARK(bm_redis_put)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
