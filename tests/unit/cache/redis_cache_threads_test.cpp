// redis_cache from many threads over every pool strategy, with Redis killed and restarted under
// load: no exception reaches a caller, no connection leaks, and the tier recovers.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "server/cache/redis_cache.hpp"
#include "support/redis_server.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;
using ragbench::testing::redis_server;

TEST_CASE("redis cache under concurrent use and an outage, over every pool strategy", "[redis][cache][threads]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  CAPTURE(strategy);
  redis_server server;
  fake_clock clock;
  cache_options o;
  o.redis_url = server.url();
  o.default_ttl = 60'000ms;
  o.pool.strategy = strategy;
  o.pool.min = 1;
  o.pool.max = 2;
  o.pool.overflow = 1;
  o.pool.acquire_timeout = 5'000ms;
  o.pool.connect_timeout = 500ms;
  redis_cache c(o, clock);

  constexpr int k_threads = 4;
  constexpr int k_rounds = 150;
  std::atomic<int> exceptions{0};
  std::atomic<int> wrong_values{0};
  auto hammer = [&](int t) {
    for (int i = 0; i < k_rounds; ++i) {
      const std::string text = "q" + std::to_string((t * 7 + i) % 20);
      try {
        if (auto v = c.get(cache_key{text, {}}); v && *v != "answer to " + text) wrong_values.fetch_add(1);
        if (i % 3 == 0) c.put(cache_key{text, {}}, "answer to " + text, 0ms);
        if (i % 50 == 0) c.invalidate_all();
      } catch (...) {
        exceptions.fetch_add(1);
      }
    }
  };
  auto run = [&] {
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) threads.emplace_back(hammer, t);
    for (auto& th : threads) th.join();
  };

  run();
  CHECK(c.healthy());
  CHECK(c.stats().hits > 0);

  server.stop();
  run();  // all misses, no exceptions
  CHECK_FALSE(c.healthy());

  server.start();
  clock.advance(10s);
  run();
  CHECK(c.healthy());

  CHECK(exceptions == 0);
  CHECK(wrong_values == 0);
  auto s = c.pools()[0];
  CHECK(s.in_use == 0);
  CHECK(s.waiters == 0);
  CHECK(s.created - s.closed == s.open);
  if (strategy != "none") CHECK(s.open <= o.pool.max);
}
