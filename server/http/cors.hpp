#pragma once
// CORS for browser front ends on other origins (the Fetch standard's CORS protocol): a handler
// decorator that answers preflights (OPTIONS with Origin and Access-Control-Request-Method) itself
// and adds the Access-Control-* headers to every response to an allowed origin. Requests without
// an Origin header, or from an origin not allowed, are passed through untouched (a browser then
// refuses the response to the page; curl and loadgen never notice).
#include <chrono>
#include <string>
#include <vector>

#include "server/http/message.hpp"

namespace ragbench::server {

struct cors_options {
  // Allowed origins ("http://localhost:5173"), or {"*"} for any. Empty: CORS off (no headers).
  std::vector<std::string> origins;
  std::chrono::seconds max_age{600};  // Access-Control-Max-Age of preflight answers
};

// The response headers a page may read besides the CORS-safelisted ones.
inline constexpr const char* cors_exposed_headers =
    "X-Cache, X-Request-Id, X-Session, X-Conversation-Id, X-Context-Turns-Kept, ETag, Location, Retry-After, "
    "RateLimit, RateLimit-Policy, WWW-Authenticate";
// The request headers a page may send besides the safelisted ones.
inline constexpr const char* cors_allowed_headers =
    "Authorization, Content-Type, Accept, If-None-Match, Last-Event-ID, X-Request-Id";
inline constexpr const char* cors_allowed_methods = "GET, HEAD, POST, DELETE, OPTIONS";

// Wraps `inner`. With explicit origins the allowed origin is echoed with
// Access-Control-Allow-Credentials: true (cookies, Authorization from fetch(..., {credentials})); with
// "*" the answer is "*" without credentials, as the standard requires. Every answer that depends on
// Origin says Vary: Origin. A preflight from an allowed origin: 204 with Allow-Methods,
// Allow-Headers, Max-Age; from another origin: 403 `cors_origin_not_allowed`. Returns `inner`
// itself when options.origins is empty. Cost per request: one header lookup, plus a linear scan of
// the origin list when the request has an Origin.
handler_fn with_cors(cors_options options, handler_fn inner);

}  // namespace ragbench::server
