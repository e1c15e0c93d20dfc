#pragma once
// --auth: how the /v1 routes treat bearer tokens.
//   off      (default) tokens are not checked on documents, search, query, chat; the auth routes
//            and conversations still work (a conversation belongs to the token's user, or to the
//            shared anonymous user when there is no token). No per-request cost.
//   optional a request may come without a token; a token that is given must be valid (else 401).
//   required every /v1 route except /v1/auth/*, /v1/models* needs a valid token (else 401);
//            /health, /health/detailed, /metrics, /openapi.json and /docs never do.
#include <optional>
#include <span>
#include <string_view>

namespace ragbench::server {

enum class auth_mode { off, optional, required };

std::span<const std::string_view> auth_mode_names();  // "off", "optional", "required"
std::optional<auth_mode> parse_auth_mode(std::string_view name);
std::string_view to_string(auth_mode m);

}  // namespace ragbench::server
