#pragma once
// Capture extraction: pure functions over a response, called by the engine after each request.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// A response header as the engine sees it (views into its buffers).
struct header_field {
  std::string_view name;
  std::string_view value;
};

// JSON path subset: "$" then any of ".key", "[index]", "['key']" / "[\"key\"]". Parsed at load.
struct json_path {
  struct step {
    bool is_index = false;
    std::string key;
    std::size_t index = 0;
  };
  std::vector<step> steps;
};
// Parses a path; nullopt with `error` set when malformed.
std::optional<json_path> parse_json_path(std::string_view text, std::string* error = nullptr);
// The node at `path`, or nullptr when absent.
const nlohmann::json* find_json(const nlohmann::json& doc, const json_path& path);

// Strings are captured without quotes; other JSON values as their JSON text. nullopt = not found.
std::optional<std::string> capture_json(const nlohmann::json& doc, std::string_view path);
// Case-insensitive header name; first match.
std::optional<std::string> capture_header(std::span<const header_field> headers, std::string_view name);
// First match of `pattern`; the value of its group 1 (or the whole match when it has no group).
std::optional<std::string> capture_regex(std::string_view body, std::string_view pattern);

// Applies every capture of `spec` into captures[slot] (resized if needed). Parses the body as JSON
// at most once, only when a json_path capture exists. Returns the names that were not found (the
// engine counts them as check failures).
std::vector<std::string> apply_captures(const request_spec& spec, std::span<const header_field> headers,
                                        std::string_view body, std::vector<std::string>& captures);

}  // namespace ragbench::loadgen
