// One contract over every bucket store of the factory (memory, and redis against a real
// redis-server): the quota is spent at once, then refused with a wait of at most one interval;
// remaining counts down; each client and each class has its own bucket. (Refill over time is
// tested per store: memory on a fake clock, redis on Redis' own clock in redis_rate_limiter_test.)
#include <catch2/catch.hpp>

#include <memory>

#include "common/clock.hpp"
#include "server/ratelimit/rate_limiter_factory.hpp"
#include "support/redis_server.hpp"

using namespace ragbench::server;
using ragbench::fake_clock;
using namespace std::chrono_literals;

TEST_CASE("every rate-limit store keeps one bucket per client and class", "[ratelimit][contract]") {
  const std::string store = GENERATE(as<std::string>{}, "memory", "redis", "auto");
  INFO("store " << store);
  std::unique_ptr<ragbench::testing::redis_server> redis;
  rate_limiter_options options;
  options.store = store;
  if (store != "memory") {
    redis = std::make_unique<ragbench::testing::redis_server>();
    options.redis_url = redis->url();
  }
  fake_clock clock;
  clock.advance(1000s);
  auto limiter = make_rate_limiter(options, clock);
  CHECK(limiter->name() == (store == "memory" ? "memory" : "redis"));  // auto: redis, as a URL is given
  CHECK(limiter->may_block() == (store != "memory"));

  const rate_limit three{3, 60s};  // one token per 20 s
  for (std::uint64_t expected_left : {2u, 1u, 0u}) {
    const auto d = limiter->check(endpoint_class::search, three, 99);
    REQUIRE(d.outcome == limit_outcome::allowed);
    CHECK(d.verdict.remaining == expected_left);
    CHECK(d.verdict.next_token_us > 0);
    CHECK(d.verdict.next_token_us <= 20'000'000);
  }
  const auto refused = limiter->check(endpoint_class::search, three, 99);
  CHECK(refused.outcome == limit_outcome::limited);
  CHECK(refused.verdict.retry_after_us > 0);
  CHECK(refused.verdict.retry_after_us <= 20'000'000);
  CHECK(limiter->check(endpoint_class::search, three, 100).outcome == limit_outcome::allowed);
  CHECK(limiter->check(endpoint_class::upload, three, 99).outcome == limit_outcome::allowed);
  CHECK(limiter->healthy());
  CHECK_FALSE(limiter->describe().empty());
}

TEST_CASE("the factory refuses unknown stores and redis without a URL", "[ratelimit][contract]") {
  fake_clock clock;
  rate_limiter_options options;
  options.store = "etcd";
  CHECK_THROWS_WITH(make_rate_limiter(options, clock), Catch::Contains("expected auto, memory, redis"));
  options.store = "redis";
  CHECK_THROWS_AS(make_rate_limiter(options, clock), std::invalid_argument);
  options.store = "auto";
  CHECK(make_rate_limiter(options, clock)->name() == "memory");  // no URL: in the process
}
