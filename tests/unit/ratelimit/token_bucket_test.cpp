// The GCRA token bucket, driven with explicit times (no clock at all): burst, refill, the figures
// the RateLimit fields report, and that an idle bucket is the same as a new one.
#include <catch2/catch.hpp>

#include "server/ratelimit/token_bucket.hpp"

using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {
constexpr std::int64_t s = 1'000'000;  // one second in microseconds
}

TEST_CASE("a bucket allows its whole quota at once, then refuses until a token is back", "[ratelimit][bucket]") {
  const rate_limit limit{30, 60s};  // seed 002's search class: one token every 2 s
  std::int64_t tat = 0;
  const std::int64_t t0 = 100 * s;
  for (std::uint64_t i = 1; i <= 30; ++i) {
    auto v = take_token(tat, t0, limit);
    REQUIRE(v.allowed);
    CHECK(v.remaining == 30 - i);
    CHECK(v.next_token_us == 2 * s);
  }
  auto refused = take_token(tat, t0, limit);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.remaining == 0);
  CHECK(refused.retry_after_us == 2 * s);
  CHECK(refused.next_token_us == 2 * s);

  // 1.5 s later still nothing; at 2 s exactly one token is back.
  CHECK_FALSE(take_token(tat, t0 + 3 * s / 2, limit).allowed);
  CHECK(take_token(tat, t0 + 3 * s / 2, limit).retry_after_us == s / 2);
  auto back = take_token(tat, t0 + 2 * s, limit);
  CHECK(back.allowed);
  CHECK(back.remaining == 0);
  CHECK_FALSE(take_token(tat, t0 + 2 * s, limit).allowed);
}

TEST_CASE("the seed's auth limit: 5 per 15 minutes, then one every 3 minutes", "[ratelimit][bucket]") {
  const rate_limit limit{5, 15min};
  std::int64_t tat = 0;
  const std::int64_t t0 = 7 * s;
  for (int i = 0; i < 5; ++i) REQUIRE(take_token(tat, t0, limit).allowed);
  auto refused = take_token(tat, t0, limit);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_us == 180 * s);
  CHECK_FALSE(take_token(tat, t0 + 179 * s, limit).allowed);
  CHECK(take_token(tat, t0 + 180 * s, limit).allowed);
}

TEST_CASE("a refused request costs nothing: the bucket refills on schedule under a flood", "[ratelimit][bucket]") {
  const rate_limit limit{10, 10s};
  std::int64_t tat = 0;
  std::int64_t now = 50 * s;
  int allowed = 0;
  // 1000 requests spread over 20 s: 10 at once, then one per second.
  for (int i = 0; i < 1000; ++i, now += 20 * s / 1000) allowed += take_token(tat, now, limit).allowed ? 1 : 0;
  CHECK(allowed == 10 + 19);  // the burst, then one token per second for the remaining ~19.98 s
}

TEST_CASE("remaining and next_token follow the refill between requests", "[ratelimit][bucket]") {
  const rate_limit limit{4, 4s};  // one token a second
  std::int64_t tat = 0;
  const std::int64_t t0 = 10 * s;
  take_token(tat, t0, limit);
  take_token(tat, t0, limit);
  // 2.5 s later both tokens are back but one is spent now: 3 left, the next one is whole again in 1 s.
  auto v = take_token(tat, t0 + 5 * s / 2, limit);
  CHECK(v.allowed);
  CHECK(v.remaining == 3);
  CHECK(v.next_token_us == s);
  // Half a second later another one: 2 left (half a token refilled does not count), the next whole
  // token is back in 0.5 s.
  auto w = take_token(tat, t0 + 3 * s, limit);
  CHECK(w.remaining == 2);
  CHECK(w.next_token_us == s / 2);
}

TEST_CASE("a bucket that is full again behaves exactly like a new one", "[ratelimit][bucket]") {
  const rate_limit limit{3, 3s};
  std::int64_t used = 0, fresh = 0;
  const std::int64_t t0 = 5 * s;
  for (int i = 0; i < 3; ++i) take_token(used, t0, limit);
  REQUIRE(used == t0 + 3 * s);
  // At its theoretical arrival time the bucket is full: the same decisions as a brand-new bucket.
  const std::int64_t later = used;
  for (int i = 0; i < 4; ++i) {
    auto a = take_token(used, later, limit);
    auto b = take_token(fresh, later, limit);
    CHECK(a.allowed == b.allowed);
    CHECK(a.remaining == b.remaining);
    CHECK(a.retry_after_us == b.retry_after_us);
  }
}
