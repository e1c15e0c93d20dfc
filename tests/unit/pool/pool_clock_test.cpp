// Time-driven pool behaviour against a fake clock: lifetime (with jitter), idle timeout, pre-ping,
// acquire timeouts, FIFO waiters. No sleeps: waiters re-check the pool's clock every few ms.
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

namespace {
pool_options base(const std::string& strategy) {
  pool_options o;
  o.strategy = strategy;
  o.min = 0;
  o.max = 2;
  o.overflow = 0;
  o.acquire_timeout = 0ms;
  o.max_lifetime = 0ms;
  o.lifetime_jitter = 0.0;
  o.preping_after = 1h;
  return o;
}

// Spins (yielding) until `pred` holds; the pool's waiters are real threads.
template <class Pred>
void wait_until(Pred pred) {
  while (!pred()) std::this_thread::yield();
}
}  // namespace

TEST_CASE("connections past max_lifetime are retired on release and on acquire", "[pool][clock]") {
  const std::string strategy = GENERATE("fixed", "elastic");
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto o = base(strategy);
  o.max_lifetime = 1000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  { auto a = pool->acquire(); }
  clock.advance(999ms);
  { auto a = pool->acquire(); }
  CHECK(pool->snapshot().reused == 1);
  {
    auto a = pool->acquire();
    clock.advance(2ms);  // expires while in use: closed on release
  }
  auto s = pool->snapshot();
  CHECK(s.closed == 1);
  CHECK(s.open == 0);
  { auto a = pool->acquire(); }  // a fresh one
  clock.advance(1001ms);           // expires while idle: closed on the next acquire
  { auto a = pool->acquire(); }
  s = pool->snapshot();
  CHECK(s.created == 3);
  CHECK(s.closed == 2);
  CHECK(backend.live() == 1);
}

TEST_CASE("lifetime jitter spreads retirement within +/- the fraction", "[pool][clock]") {
  test_backend backend;
  fake_clock clock;
  auto o = base("fixed");
  o.max = 8;
  o.max_lifetime = 1000ms;
  o.lifetime_jitter = 0.5;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  {
    std::vector<pool_lease> held;
    for (int i = 0; i < 8; ++i) held.push_back(pool->acquire());
  }
  clock.advance(499ms);
  pool->maintain();
  CHECK(pool->snapshot().open == 8);  // none retires before 50 % of its lifetime
  clock.advance(700ms);                // 1199 ms: some (very likely) but not necessarily all gone
  pool->maintain();
  const auto mid = pool->snapshot().open;
  clock.advance(302ms);  // 1501 ms: all past 150 %
  pool->maintain();
  CHECK(pool->snapshot().open == 0);
  CHECK(pool->snapshot().closed == 8);
  CHECK(mid < 8);
}

TEST_CASE("elastic closes idle connections above min after idle_timeout, fixed keeps them", "[pool][clock]") {
  const std::string strategy = GENERATE("fixed", "elastic");
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto o = base(strategy);
  o.min = 1;
  o.max = 3;
  o.idle_timeout = 1000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  {
    std::vector<pool_lease> held;
    for (int i = 0; i < 3; ++i) held.push_back(pool->acquire());
  }
  CHECK(pool->snapshot().open == 3);
  clock.advance(999ms);
  pool->maintain();
  CHECK(pool->snapshot().open == 3);
  clock.advance(1ms);
  pool->maintain();
  CHECK(pool->snapshot().open == (strategy == "elastic" ? 1u : 3u));
  CHECK(backend.live() == (strategy == "elastic" ? 1 : 3));
}

TEST_CASE("elastic maintain() opens connections up to min and counts connect failures", "[pool][clock]") {
  test_backend backend;
  fake_clock clock;
  auto o = base("elastic");
  o.min = 2;
  o.max = 4;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  CHECK(pool->snapshot().open == 0);  // nothing opened at construction
  backend.refuse = true;
  CHECK_NOTHROW(pool->maintain());
  auto s = pool->snapshot();
  CHECK(s.errors == 1);
  CHECK(s.open == 0);
  backend.refuse = false;
  pool->maintain();
  s = pool->snapshot();
  CHECK(s.open == 2);
  CHECK(s.in_use == 0);
  { auto a = pool->acquire(); }
  CHECK(pool->snapshot().reused == 1);
}

TEST_CASE("pre-ping only for connections idle longer than preping_after", "[pool][clock]") {
  const std::string strategy = GENERATE("fixed", "elastic");
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto o = base(strategy);
  o.preping_after = 1000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  { auto a = pool->acquire(); }
  clock.advance(999ms);
  { auto a = pool->acquire(); }
  CHECK(backend.pings == 0);
  clock.advance(1000ms);
  { auto a = pool->acquire(); }
  CHECK(backend.pings == 1);
  CHECK(pool->snapshot().created == 1);

  SECTION("a failed ping discards the connection and opens a new one") {
    clock.advance(1000ms);
    backend.fail_pings = true;
    { auto a = pool->acquire(); }
    auto s = pool->snapshot();
    CHECK(backend.pings == 2);
    CHECK(s.errors == 1);
    CHECK(s.created == 2);
    CHECK(s.closed == 1);
    CHECK(s.open == 1);
    CHECK(backend.live() == 1);
  }
}

TEST_CASE("a waiter times out after acquire_timeout on the pool's clock", "[pool][clock]") {
  const std::string strategy = GENERATE("fixed", "elastic");
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto o = base(strategy);
  o.max = 1;
  o.acquire_timeout = 5000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  std::atomic<long long> observed_wait_ms{-1};
  pool->observe_acquire([&](std::string_view, std::chrono::nanoseconds wait) {
    observed_wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
  });
  auto held = pool->acquire();
  std::atomic<bool> timed_out{false};
  std::thread waiter([&] {
    try {
      auto lease = pool->acquire();
    } catch (const pool_timeout_error&) {
      timed_out = true;
    }
  });
  wait_until([&] { return pool->snapshot().waiters == 1; });
  clock.advance(4999ms);
  CHECK_FALSE(timed_out.load());
  CHECK(pool->snapshot().waiters == 1);
  clock.advance(1ms);
  waiter.join();
  CHECK(timed_out.load());
  auto s = pool->snapshot();
  CHECK(s.timeouts == 1);
  CHECK(s.waiters == 0);
  CHECK(observed_wait_ms.load() == 5000);
}

TEST_CASE("waiters are served first come, first served", "[pool][clock]") {
  test_backend backend;
  fake_clock clock;
  auto o = base("fixed");
  o.max = 1;
  o.acquire_timeout = 60'000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  auto held = pool->acquire();
  std::vector<int> order;
  std::mutex order_mutex;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto lease = pool->acquire();
      std::lock_guard lock(order_mutex);
      order.push_back(i);
    });
    wait_until([&] { return pool->snapshot().waiters == static_cast<std::size_t>(i + 1); });
  }
  held = pool_lease();
  for (auto& t : threads) t.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3});
  auto s = pool->snapshot();
  CHECK(s.created == 1);
  CHECK(s.reused == 4);
  CHECK(s.in_use == 0);
}

TEST_CASE("elastic hands an overflow connection to a waiter instead of closing it", "[pool][clock]") {
  test_backend backend;
  fake_clock clock;
  auto o = base("elastic");
  o.max = 1;
  o.overflow = 1;
  o.acquire_timeout = 60'000ms;
  auto pool = make_pool("t", o, make_test_factory(backend), clock);
  auto first = pool->acquire();
  auto second = pool->acquire();  // overflow
  std::thread waiter([&] { auto lease = pool->acquire(); });
  wait_until([&] { return pool->snapshot().waiters == 1; });
  second = pool_lease();  // someone waits: kept, handed over
  waiter.join();
  auto s = pool->snapshot();
  CHECK(s.created == 2);
  CHECK(s.reused == 1);
  CHECK(s.open == 1);  // with nobody waiting any more, the waiter's release closed the overflow one
  CHECK(s.closed == 1);
  first = pool_lease();
  CHECK(pool->snapshot().open == 1);
}
