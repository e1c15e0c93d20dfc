// The memory bucket store on a fake clock: one bucket per (class, client), refill over time, and
// the bound on buckets (idle ones dropped first, so no decision changes).
#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "server/ratelimit/local_rate_limiter.hpp"

using namespace ragbench::server;
using ragbench::fake_clock;
using namespace std::chrono_literals;

TEST_CASE("memory limiter: each client and class has its own bucket", "[ratelimit][memory]") {
  fake_clock clock;
  clock.advance(1000s);
  local_rate_limiter limiter(1000, clock);
  const rate_limit three{3, 60s};
  for (int i = 0; i < 3; ++i) REQUIRE(limiter.check(endpoint_class::search, three, 1).outcome == limit_outcome::allowed);
  CHECK(limiter.check(endpoint_class::search, three, 1).outcome == limit_outcome::limited);
  // Another client, and the same client in another class, are untouched.
  CHECK(limiter.check(endpoint_class::search, three, 2).outcome == limit_outcome::allowed);
  CHECK(limiter.check(endpoint_class::chat, three, 1).outcome == limit_outcome::allowed);
  CHECK(limiter.buckets() == 3);
  // One token comes back every 20 s.
  clock.advance(19s);
  CHECK(limiter.check(endpoint_class::search, three, 1).outcome == limit_outcome::limited);
  clock.advance(1s);
  auto d = limiter.check(endpoint_class::search, three, 1);
  CHECK(d.outcome == limit_outcome::allowed);
  CHECK(d.verdict.remaining == 0);
  CHECK(limiter.healthy());
  CHECK_FALSE(limiter.may_block());
}

TEST_CASE("memory limiter: stays within max_buckets, dropping idle buckets first", "[ratelimit][memory]") {
  fake_clock clock;
  clock.advance(1000s);
  local_rate_limiter limiter(64, clock, 1);  // one shard: the bound is exact
  const rate_limit three{3, 30s};  // one token every 10 s
  // 64 clients spend one token each: all buckets are refilling.
  for (std::uint64_t c = 0; c < 64; ++c) limiter.check(endpoint_class::search, three, c);
  CHECK(limiter.buckets() == 64);
  // Client 0 empties its bucket.
  limiter.check(endpoint_class::search, three, 0);
  REQUIRE(limiter.check(endpoint_class::search, three, 0).verdict.remaining == 0);
  // 11 s later clients 1..63 are full again (idle), client 0 has one token of three.
  clock.advance(11s);
  for (std::uint64_t c = 100; c < 150; ++c) limiter.check(endpoint_class::search, three, c);
  CHECK(limiter.buckets() <= 64);
  CHECK(limiter.evictions() == 0);  // only idle buckets were dropped
  // Client 0's bucket survived (a new one would leave 2 tokens, not 0).
  auto kept = limiter.check(endpoint_class::search, three, 0);
  CHECK(kept.outcome == limit_outcome::allowed);
  CHECK(kept.verdict.remaining == 0);

  // Now every bucket is refilling: new clients force early evictions, still within the bound.
  for (std::uint64_t c = 1000; c < 1200; ++c) limiter.check(endpoint_class::search, three, c);
  CHECK(limiter.buckets() <= 64);
  CHECK(limiter.evictions() > 0);
  CHECK(limiter.describe().find("of at most 64") != std::string::npos);
}

TEST_CASE("memory limiter: bad bounds are refused", "[ratelimit][memory]") {
  fake_clock clock;
  CHECK_THROWS_AS(local_rate_limiter(0, clock), std::invalid_argument);
  CHECK_THROWS_AS(local_rate_limiter(10, clock, 0), std::invalid_argument);
}
