// redis_backoff: the fail-open back-off shared by the Redis cache tier and the Redis rate limiter,
// on a fake clock.
#include <catch2/catch.hpp>

#include "server/redis/redis_backoff.hpp"

using namespace std::chrono_literals;
using ragbench::fake_clock;
using ragbench::server::redis_backoff;

TEST_CASE("redis back-off: a failure skips Redis for 100 ms, then one probe, and failed probes double it up to 5 s",
          "[redis][backoff]") {
  fake_clock clock;
  redis_backoff b(clock);
  CHECK(b.healthy());
  CHECK(b.may_try());
  const auto epoch = b.failure_epoch();

  b.on_failure();
  CHECK_FALSE(b.healthy());
  CHECK(b.failure_epoch() == epoch + 1);
  CHECK_FALSE(b.may_try());
  clock.advance(99ms);
  CHECK_FALSE(b.may_try());
  clock.advance(1ms);
  CHECK(b.may_try());        // the probe
  CHECK_FALSE(b.may_try());  // only one per back-off period

  b.on_failure();            // the probe failed: 200 ms
  clock.advance(199ms);
  CHECK_FALSE(b.may_try());
  clock.advance(1ms);
  CHECK(b.may_try());

  for (int i = 0; i < 10; ++i) {  // doubling stops at 5 s
    b.on_failure();
    clock.advance(redis_backoff::max_backoff);
    REQUIRE(b.may_try());
  }
  b.on_failure();
  clock.advance(redis_backoff::max_backoff - 1ms);
  CHECK_FALSE(b.may_try());
  clock.advance(1ms);
  CHECK(b.may_try());

  b.on_success();
  CHECK(b.healthy());
  CHECK(b.may_try());
  CHECK(b.may_try());
}

TEST_CASE("redis back-off: a failure of a call already under way does not extend the window", "[redis][backoff]") {
  fake_clock clock;
  redis_backoff b(clock);
  b.on_failure();
  clock.advance(50ms);
  b.on_failure();  // no probe was let through: a call that started before the first failure
  clock.advance(50ms);
  CHECK(b.may_try());  // still 100 ms from the first failure
  CHECK(b.failure_epoch() == 2);  // but every failure moves the epoch (connections get pinged)
}
