#pragma once
// JSON responses and the project-wide error shape {"error": {"code": "...", "message": "..."}}.
#include "server/http/message.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace ragbench::server {

// A response with `body` serialised compactly and content-type application/json. Invalid UTF-8
// in strings is replaced (U+FFFD), never thrown. Cost: one serialisation.
response json_response(unsigned status, const nlohmann::json& body);

// An error response: {"error": {"code": code, "message": message}} with the given status.
response json_error(unsigned status, std::string_view code, std::string_view message);

}  // namespace ragbench::server
