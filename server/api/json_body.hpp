#pragma once
// Strict reading of JSON request bodies: every failure is an api_error (400 or 415) whose message
// names the field and what is wrong with it, e.g. `field "k" must be an integer from 1 to 100`.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/message.hpp"

namespace ragbench::server {

// Deepest nesting of objects and arrays a JSON body may have (the top-level object is level 1).
inline constexpr std::size_t json_max_depth = 64;

// Parses the body as a JSON object. 415 when the content type is set and is not JSON,
// 400 `too_deep` when it nests deeper than json_max_depth (checked before parsing, so nothing
// recurses over an unbounded depth), 400 `invalid_json` (with the byte offset) when it does not
// parse, 400 when it is not an object.
nlohmann::json parse_json_object(const request& req);

// Rejects members not in `allowed` (400 `unknown_field`), so typos do not pass silently.
void reject_unknown_fields(const nlohmann::json& obj, std::initializer_list<std::string_view> allowed);

// Required string of length [min_len, max_len] (in bytes). 400 `missing_field` / `invalid_field`.
std::string require_string(const nlohmann::json& obj, std::string_view field, std::size_t min_len,
                           std::size_t max_len);
// Optional string; nullopt when absent or null.
std::optional<std::string> optional_string(const nlohmann::json& obj, std::string_view field,
                                           std::size_t max_len);
// Optional integer in [min, max]; `fallback` when absent. Rejects floats, strings, booleans.
std::int64_t optional_int(const nlohmann::json& obj, std::string_view field, std::int64_t min,
                          std::int64_t max, std::int64_t fallback);
// Optional boolean; `fallback` when absent.
bool optional_bool(const nlohmann::json& obj, std::string_view field, bool fallback);

// Parses a positive decimal id from a path or query parameter; 404 `not_found` when malformed.
std::uint64_t parse_id(std::string_view text, std::string_view what);

}  // namespace ragbench::server
