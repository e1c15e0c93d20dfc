#pragma once
// The answers of the limiter in HTTP: the RateLimit-Policy and RateLimit fields of the IETF httpapi
// draft (draft-ietf-httpapi-ratelimit-headers-11, Structured Fields lists of items), Retry-After,
// and the 429 with the project's JSON error body. One policy per endpoint class, named after it:
//   RateLimit-Policy: "search";q=30;w=60        quota q per window w (seconds, rounded up)
//   RateLimit: "search";r=29;t=2                r tokens left; t seconds until r grows by one
#include <string>

#include "server/http/message.hpp"
#include "server/ratelimit/endpoint_class.hpp"
#include "server/ratelimit/rate_limit.hpp"
#include "server/ratelimit/token_bucket.hpp"

namespace ragbench::server {

std::string rate_limit_policy_field(endpoint_class cls, const rate_limit& limit);
std::string rate_limit_field(endpoint_class cls, const bucket_verdict& verdict);

// Adds RateLimit-Policy and RateLimit to `r` (an allowed request's response).
void add_rate_limit_fields(response& r, endpoint_class cls, const rate_limit& limit, const bucket_verdict& verdict);

// 429 {"error":{"code":"rate_limited","message":...}} with Retry-After (whole seconds, at least 1)
// and both fields.
response too_many_requests(endpoint_class cls, const rate_limit& limit, const bucket_verdict& verdict);

}  // namespace ragbench::server
