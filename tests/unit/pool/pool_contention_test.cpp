// Real threads hammering each pool strategy: exclusive use, bounds respected, nothing leaked.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "server/pool/connection_pool.hpp"
#include "unit/pool/test_connection.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;
using ragbench::server::testing::make_test_factory;
using ragbench::server::testing::test_backend;
using ragbench::server::testing::test_connection;

TEST_CASE("many concurrent acquisitions: exclusive use, bounded, no leak", "[pool][threads]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  CAPTURE(strategy);
  test_backend backend;
  steady_clock_source clock;
  pool_options o;
  o.strategy = strategy;
  o.min = 1;
  o.max = 3;
  o.overflow = 2;
  o.acquire_timeout = 30'000ms;
  o.preping_after = 0ms;  // ping on every reuse: exercises the unlocked ping path
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  constexpr int k_threads = 8;
  constexpr int k_rounds = 300;
  std::atomic<int> shared_use{0};
  std::atomic<int> failures{0};
  std::atomic<int> holding{0};
  std::atomic<int> holding_peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < k_rounds; ++i) {
        try {
          auto lease = pool->acquire();
          auto& c = lease.as<test_connection>();
          if (!c.enter()) shared_use.fetch_add(1);
          const int now_holding = holding.fetch_add(1) + 1;
          int peak = holding_peak.load();
          while (now_holding > peak && !holding_peak.compare_exchange_weak(peak, now_holding)) {
          }
          std::this_thread::yield();
          holding.fetch_sub(1);
          c.leave();
          if ((i + t) % 97 == 0) lease.mark_broken();
        } catch (const std::exception&) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(shared_use == 0);
  CHECK(failures == 0);
  auto s = pool->snapshot();
  CHECK(s.in_use == 0);
  CHECK(s.waiters == 0);
  CHECK(s.acquired == k_threads * k_rounds);
  CHECK(s.created - s.closed == s.open);
  CHECK(static_cast<int>(s.open) == backend.live());
  if (strategy != "none") {
    CHECK(s.open <= o.max);  // overflow connections are gone after release
    CHECK(holding_peak.load() <= static_cast<int>(o.max + (strategy == "elastic" ? o.overflow : 0)));
    CHECK(s.created + s.reused == s.acquired);
  } else {
    CHECK(s.open == 0);
  }
}
