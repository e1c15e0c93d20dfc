// RateLimit-Policy / RateLimit / Retry-After and the 429 body.
#include "server/ratelimit/rate_limit_headers.hpp"

#include <algorithm>

#include "server/http/json_response.hpp"

namespace ragbench::server {
namespace {

// Whole seconds, rounded up (delay-seconds).
std::int64_t ceil_seconds(std::int64_t us) { return us <= 0 ? 0 : (us + 999'999) / 1'000'000; }

}  // namespace

std::string rate_limit_policy_field(endpoint_class cls, const rate_limit& limit) {
  const std::int64_t w = (limit.window.count() + 999) / 1000;
  return "\"" + std::string(to_string(cls)) + "\";q=" + std::to_string(limit.requests) + ";w=" + std::to_string(w);
}

std::string rate_limit_field(endpoint_class cls, const bucket_verdict& verdict) {
  return "\"" + std::string(to_string(cls)) + "\";r=" + std::to_string(verdict.remaining) +
         ";t=" + std::to_string(ceil_seconds(verdict.next_token_us));
}

void add_rate_limit_fields(response& r, endpoint_class cls, const rate_limit& limit, const bucket_verdict& verdict) {
  r.headers.emplace_back("ratelimit-policy", rate_limit_policy_field(cls, limit));
  r.headers.emplace_back("ratelimit", rate_limit_field(cls, verdict));
}

response too_many_requests(endpoint_class cls, const rate_limit& limit, const bucket_verdict& verdict) {
  const std::int64_t retry = std::max<std::int64_t>(1, ceil_seconds(verdict.retry_after_us));
  const std::string text = to_string(limit);  // "30/1m"
  const std::string window = text.substr(text.find('/') + 1);
  response r = json_error(429, "rate_limited",
                          "rate limit of the " + std::string(to_string(cls)) + " class exceeded: " +
                              std::to_string(limit.requests) + " requests per " + window +
                              " per client; retry after " + std::to_string(retry) + " s");
  r.headers.emplace_back("retry-after", std::to_string(retry));
  add_rate_limit_fields(r, cls, limit, verdict);
  return r;
}

}  // namespace ragbench::server
