#pragma once
// The token bucket in its GCRA form ("generic cell rate algorithm"): a bucket is one integer, the
// theoretical arrival time `tat` (microseconds on the limiter's clock) at which it would be full
// again. With T = limit.interval_us() (window / requests) and capacity C = requests * T:
//   a request at `now` is allowed when max(tat, now) + T - now <= C, and then tat = max(tat, now) + T;
//   otherwise it is refused and tat is unchanged.
// This is exactly a bucket of `requests` tokens refilled one per T, without a timer or a float. A
// bucket whose tat <= now is full, i.e. the same as no bucket at all, so idle buckets can be dropped
// without changing any decision. The Redis limiter runs the same arithmetic in its Lua script.
#include <cstdint>

#include "server/ratelimit/rate_limit.hpp"

namespace ragbench::server {

struct bucket_verdict {
  bool allowed = true;
  std::uint64_t remaining = 0;     // tokens left after this request (0 when refused)
  std::int64_t retry_after_us = 0; // refused: time until one token is back; allowed: 0
  std::int64_t next_token_us = 0;  // time until `remaining` grows by one (the RateLimit "t")
};

// Takes one token from the bucket whose state is `tat_us` (0 for a new bucket) at time `now_us`
// (>= 0) under `limit` (enabled). Updates `tat_us` when allowed. Pure arithmetic, O(1).
bucket_verdict take_token(std::int64_t& tat_us, std::int64_t now_us, const rate_limit& limit);

}  // namespace ragbench::server
