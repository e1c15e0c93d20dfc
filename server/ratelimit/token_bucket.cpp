// take_token: GCRA arithmetic in integer microseconds (see the header for the model).
#include "server/ratelimit/token_bucket.hpp"

#include <algorithm>

namespace ragbench::server {

bucket_verdict take_token(std::int64_t& tat_us, std::int64_t now_us, const rate_limit& limit) {
  const std::int64_t interval = limit.interval_us();
  const std::int64_t capacity = static_cast<std::int64_t>(limit.requests) * interval;
  const std::int64_t next_tat = std::max(tat_us, now_us) + interval;
  bucket_verdict v;
  if (next_tat - now_us > capacity) {
    v.allowed = false;
    v.retry_after_us = next_tat - capacity - now_us;
    v.next_token_us = v.retry_after_us;
    return v;
  }
  tat_us = next_tat;
  const std::int64_t backlog = next_tat - now_us;  // in (0, capacity]
  const std::int64_t used = (backlog + interval - 1) / interval;
  v.remaining = limit.requests - static_cast<std::uint64_t>(used);
  v.next_token_us = backlog - (used - 1) * interval;
  return v;
}

}  // namespace ragbench::server
