#pragma once
// The endpoint classes that rate limits apply to (seed 002: chat, auth, upload, search) and the one
// table mapping routes onto them. A route in no class is never limited (health, metrics, reads).
//
//   class    routes (method, router pattern)
//   chat     POST /v1/query, /v1/chat, /v1/chat/completions, /v1/conversations/{id}/messages
//   auth     any method on /v1/auth/...  (every route under the prefix, present or future)
//   upload   POST /v1/documents
//   search   POST /v1/search
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ragbench::server {

enum class endpoint_class : std::size_t { chat, auth, upload, search };
inline constexpr std::size_t endpoint_class_count = 4;

inline constexpr std::array<endpoint_class, endpoint_class_count> all_endpoint_classes = {
    endpoint_class::chat, endpoint_class::auth, endpoint_class::upload, endpoint_class::search};

// "chat", "auth", "upload", "search": metric labels and RateLimit policy names.
std::string_view to_string(endpoint_class c);

// The class of a request matched to router pattern `route` ("/v1/documents/{id}"), or nullopt.
// Matching is on the pattern, not the raw path, so percent-encoded paths cannot dodge it. Pure,
// thread-safe, no allocation: a scan over a handful of entries.
std::optional<endpoint_class> classify(std::string_view method, std::string_view route);

}  // namespace ragbench::server
