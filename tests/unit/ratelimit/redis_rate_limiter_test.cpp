// The redis bucket store against a real redis-server: two limiters (two ragservers) share one
// limit, the script survives SCRIPT FLUSH, and when Redis dies checks fail open (outcome error,
// unhealthy) and recover after the back-off once it is back. The back-off runs on a fake clock.
#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "server/ratelimit/redis_rate_limiter.hpp"
#include "support/redis_server.hpp"

using namespace ragbench::server;
using ragbench::fake_clock;
using namespace std::chrono_literals;

namespace {

pool_options small_pool() {
  pool_options o;
  o.strategy = "fixed";
  o.max = 2;
  o.connect_timeout = 1000ms;
  o.acquire_timeout = 1000ms;
  return o;
}

}  // namespace

TEST_CASE("redis limiter: two limiters on one Redis enforce one limit per client", "[ratelimit][redis]") {
  ragbench::testing::redis_server redis;
  fake_clock clock;
  redis_rate_limiter a(redis.url(), small_pool(), clock);
  redis_rate_limiter b(redis.url(), small_pool(), clock);
  const rate_limit five{5, 60s};
  int allowed = 0, limited = 0;
  for (int i = 0; i < 10; ++i) {
    auto d = (i % 2 ? a : b).check(endpoint_class::chat, five, 42);
    REQUIRE(d.outcome != limit_outcome::error);
    (d.outcome == limit_outcome::allowed ? allowed : limited) += 1;
    if (d.outcome == limit_outcome::limited) {
      CHECK(d.verdict.retry_after_us > 0);
      CHECK(d.verdict.retry_after_us <= 12'000'000);  // one token per 12 s
    }
  }
  CHECK(allowed == 5);
  CHECK(limited == 5);
  // Another client, another class: fresh buckets.
  CHECK(a.check(endpoint_class::chat, five, 43).outcome == limit_outcome::allowed);
  CHECK(a.check(endpoint_class::search, five, 42).outcome == limit_outcome::allowed);
  // The bucket key names the class and the client, and expires (PX) when the bucket is full again.
  CHECK(redis.command("PTTL " + redis_rate_limiter::bucket_key(endpoint_class::chat, 42)).starts_with(":"));
  CHECK(redis.command("PTTL " + redis_rate_limiter::bucket_key(endpoint_class::chat, 42)) != ":-1");
  CHECK(a.healthy());
  CHECK(a.may_block());
}

TEST_CASE("redis limiter: a flushed script is loaded again", "[ratelimit][redis]") {
  ragbench::testing::redis_server redis;
  fake_clock clock;
  redis_rate_limiter limiter(redis.url(), small_pool(), clock);
  const rate_limit two{2, 60s};
  CHECK(limiter.check(endpoint_class::upload, two, 7).outcome == limit_outcome::allowed);
  CHECK(limiter.describe().find("1 script reloads") != std::string::npos);  // the first EVALSHA loads it
  CHECK(redis.command("SCRIPT FLUSH") == "+OK");
  CHECK(limiter.check(endpoint_class::upload, two, 7).outcome == limit_outcome::allowed);
  CHECK(limiter.check(endpoint_class::upload, two, 7).outcome == limit_outcome::limited);
  CHECK(limiter.describe().find("2 script reloads") != std::string::npos);
}

TEST_CASE("redis limiter: fails open while Redis is down and recovers after the back-off", "[ratelimit][redis]") {
  ragbench::testing::redis_server redis;
  fake_clock clock;
  redis_rate_limiter limiter(redis.url(), small_pool(), clock);
  const rate_limit one{1, 60s};
  REQUIRE(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::allowed);
  REQUIRE(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::limited);

  redis.stop();
  CHECK(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::error);
  CHECK_FALSE(limiter.healthy());
  CHECK(limiter.describe().find("unreachable") != std::string::npos);
  // Within the back-off Redis is not even tried.
  CHECK(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::error);

  redis.start();  // empty: every bucket is new
  CHECK(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::error);  // still backing off
  clock.advance(150ms);
  CHECK(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::allowed);
  CHECK(limiter.healthy());
  CHECK(limiter.check(endpoint_class::search, one, 1).outcome == limit_outcome::limited);
}

TEST_CASE("redis limiter: a bad URL is refused at construction", "[ratelimit][redis]") {
  fake_clock clock;
  CHECK_THROWS_AS(redis_rate_limiter("", small_pool(), clock), std::invalid_argument);
  CHECK_THROWS_AS(redis_rate_limiter("http://x", small_pool(), clock), std::invalid_argument);
}
