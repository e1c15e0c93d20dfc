// Contract tests run over every pool strategy: accounting, bounds, connect failures, leases.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "server/pool/connection_pool.hpp"
#include "unit/pool/test_connection.hpp"

using namespace ragbench;
using namespace ragbench::server;
using ragbench::server::testing::make_test_factory;
using ragbench::server::testing::test_backend;
using ragbench::server::testing::test_connection;

namespace {
pool_options options_for(const std::string& strategy) {
  pool_options o;
  o.strategy = strategy;
  o.min = 0;
  o.max = 2;
  o.overflow = 1;
  o.acquire_timeout = std::chrono::milliseconds{0};
  return o;
}
}  // namespace

TEST_CASE("every pool hands out a working connection and accounts for it", "[pool]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto pool = make_pool("test", options_for(strategy), make_test_factory(backend), clock);
  {
    auto lease = pool->acquire();
    REQUIRE(lease);
    CHECK(lease.as<test_connection>().enter());
    lease.as<test_connection>().leave();
    auto s = pool->snapshot();
    CHECK(s.name == "test");
    CHECK(s.strategy == strategy);
    CHECK(s.in_use == 1);
    CHECK(s.open == 1);
    CHECK(s.created == 1);
    CHECK(s.acquired == 1);
  }
  auto s = pool->snapshot();
  CHECK(s.in_use == 0);
  { auto again = pool->acquire(); }
  s = pool->snapshot();
  CHECK(s.acquired == 2);
  if (strategy == "none") {
    CHECK(s.created == 2);
    CHECK(s.closed == 2);
    CHECK(s.open == 0);
    CHECK(backend.live() == 0);
  } else {
    CHECK(s.created == 1);
    CHECK(s.reused == 1);
    CHECK(s.open == 1);
    CHECK(backend.live() == 1);
  }
  pool.reset();
  CHECK(backend.live() == 0);  // the pool closes what it kept
}

TEST_CASE("a failed connect throws pool_connect_error, counts an error and frees its slot", "[pool]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto options = options_for(strategy);
  options.max = 1;
  options.overflow = 0;
  auto pool = make_pool("test", options, make_test_factory(backend), clock);
  backend.refuse = true;
  for (int i = 0; i < 3; ++i) CHECK_THROWS_AS(pool->acquire(), pool_connect_error);
  auto s = pool->snapshot();
  CHECK(s.errors == 3);
  CHECK(s.open == 0);
  CHECK(s.in_use == 0);
  CHECK(s.created == 0);
  CHECK(s.timeouts == 0);  // no slot was leaked, so nobody waited
  backend.refuse = false;
  auto lease = pool->acquire();
  CHECK(lease);
  CHECK(pool->snapshot().created == 1);
}

TEST_CASE("the connect error carries the backend's message", "[pool]") {
  test_backend backend;
  backend.refuse = true;
  fake_clock clock;
  auto pool = make_pool("pg", options_for("fixed"), make_test_factory(backend), clock);
  CHECK_THROWS_WITH(pool->acquire(), Catch::Contains("connection refused (test)") && Catch::Contains("pg"));
}

TEST_CASE("a broken connection is closed on release, not reused", "[pool]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto pool = make_pool("test", options_for(strategy), make_test_factory(backend), clock);
  {
    auto lease = pool->acquire();
    lease.mark_broken();
  }
  auto s = pool->snapshot();
  CHECK(s.errors == 1);
  CHECK(s.closed == 1);
  CHECK(s.open == 0);
  CHECK(backend.live() == 0);
  { auto lease = pool->acquire(); }
  CHECK(pool->snapshot().created == 2);
}

TEST_CASE("bounded pools never exceed their limit and time out when exhausted", "[pool]") {
  const std::string strategy = GENERATE("fixed", "elastic");
  CAPTURE(strategy);
  test_backend backend;
  fake_clock clock;
  auto options = options_for(strategy);  // max 2, overflow 1 (elastic only)
  auto pool = make_pool("test", options, make_test_factory(backend), clock);
  const std::size_t limit = strategy == "fixed" ? 2 : 3;
  std::vector<pool_lease> held;
  for (std::size_t i = 0; i < limit; ++i) held.push_back(pool->acquire());
  CHECK_THROWS_AS(pool->acquire(), pool_timeout_error);
  auto s = pool->snapshot();
  CHECK(s.max == limit);
  CHECK(s.open == limit);
  CHECK(s.in_use == limit);
  CHECK(s.timeouts == 1);
  CHECK(s.waiters == 0);
  held.clear();
  s = pool->snapshot();
  CHECK(s.in_use == 0);
  CHECK(s.open == 2);  // elastic closed its overflow connection on release
  CHECK(s.closed == limit - 2);
}

TEST_CASE("leases move and release exactly once", "[pool]") {
  test_backend backend;
  fake_clock clock;
  auto pool = make_pool("test", options_for("fixed"), make_test_factory(backend), clock);
  pool_lease outer;
  CHECK_FALSE(outer);
  {
    auto lease = pool->acquire();
    pool_lease moved(std::move(lease));
    CHECK_FALSE(lease);  // NOLINT(bugprone-use-after-move): moved-from state is specified
    outer = std::move(moved);
  }
  CHECK(pool->snapshot().in_use == 1);
  outer = pool->acquire();  // acquires a second connection, then releases the first
  auto s = pool->snapshot();
  CHECK(s.in_use == 1);
  CHECK(s.open == 2);
  CHECK(s.created == 2);
  outer = pool_lease();
  CHECK(pool->snapshot().in_use == 0);
}

TEST_CASE("the acquire observer sees every acquisition with the pool's name", "[pool]") {
  const std::string strategy(GENERATE(from_range(pool_strategy_names())));
  test_backend backend;
  fake_clock clock;
  auto pool = make_pool("redis", options_for(strategy), make_test_factory(backend), clock);
  std::vector<std::string> seen;
  pool->observe_acquire([&](std::string_view name, std::chrono::nanoseconds) { seen.emplace_back(name); });
  { auto a = pool->acquire(); }
  { auto b = pool->acquire(); }
  backend.refuse = true;
  if (strategy == "none") CHECK_THROWS(pool->acquire());
  CHECK(seen.size() == (strategy == "none" ? 3u : 2u));
  for (auto& n : seen) CHECK(n == "redis");
}

TEST_CASE("make_pool rejects unknown strategies and inconsistent options", "[pool]") {
  test_backend backend;
  fake_clock clock;
  auto factory = make_test_factory(backend);
  pool_options o;
  o.strategy = "lifo";
  CHECK_THROWS_WITH(make_pool("p", o, factory, clock), Catch::Contains("unknown strategy 'lifo'"));
  o.strategy = "elastic";
  o.min = 5;
  o.max = 4;
  CHECK_THROWS_WITH(make_pool("p", o, factory, clock), Catch::Contains("min (5) must not exceed max (4)"));
  o.min = 0;
  o.max = 0;
  CHECK_THROWS_AS(make_pool("p", o, factory, clock), std::invalid_argument);
  o.strategy = "fixed";
  CHECK_THROWS_AS(make_pool("p", o, factory, clock), std::invalid_argument);
  o.max = 2;
  o.lifetime_jitter = 1.0;
  CHECK_THROWS_WITH(make_pool("p", o, factory, clock), Catch::Contains("lifetime_jitter"));
  o.lifetime_jitter = 0.1;
  o.acquire_timeout = std::chrono::milliseconds{-1};
  CHECK_THROWS_WITH(make_pool("p", o, factory, clock), Catch::Contains("acquire_timeout"));
  o.acquire_timeout = std::chrono::milliseconds{10};
  o.connect_timeout = std::chrono::milliseconds{0};
  CHECK_THROWS_WITH(make_pool("p", o, factory, clock), Catch::Contains("connect_timeout"));
  o.connect_timeout = std::chrono::milliseconds{10};
  CHECK_THROWS_AS(make_pool("p", o, connection_factory{}, clock), std::invalid_argument);
  CHECK_NOTHROW(make_pool("p", o, factory, clock));
}
