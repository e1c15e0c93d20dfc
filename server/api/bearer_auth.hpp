#pragma once
// Who a request acts as: the bearer token of its Authorization header, checked against the store,
// and --auth's gate in front of the routes that do not check tokens themselves.
#include <cstdint>
#include <optional>
#include <string>

#include "server/api/api_services.hpp"
#include "server/http/message.hpp"
#include "server/http/router.hpp"

namespace ragbench::server {

// The token of "Authorization: Bearer <token>" (scheme case-insensitive); nullopt without an
// Authorization header. Throws api_error 401 `invalid_token` for another scheme or an empty token.
std::optional<std::string> bearer_token(const request& req);

// The user a request acts as on the routes that own data (conversations, logout): a valid token's
// user; 401 `invalid_token` for an unknown or expired token; without a token 401 `unauthorized`
// under --auth required, else the shared anonymous user. Blocking (a store read): compute pool.
std::uint64_t acting_user(api_services& s, const request& req);

// Wraps the routes that do not resolve a user themselves (documents, jobs, search, query, chat,
// chat completions) in --auth's check: `required` answers 401 without a valid token, `optional`
// only when a given token is not valid; the token is checked on the compute pool, then the route
// runs on its I/O thread as before. Nothing is wrapped under `off`, nor /health*, /metrics,
// /v1/models*, /v1/auth/* and /v1/conversations* (which check for themselves). Call after every
// route was added.
void add_auth_gate(router& r, api_services& s);

}  // namespace ragbench::server
