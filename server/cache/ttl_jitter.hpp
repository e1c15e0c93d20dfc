#pragma once
// Deterministic TTL jitter: spreads the expiry of entries written together (e.g. after a cache
// flush) so they do not all expire in the same instant and stampede the backend.
#include <chrono>
#include <string_view>

namespace ragbench::server {

// Returns `ttl` scaled by a factor in [1 - fraction, 1 + fraction], chosen deterministically from
// the key's hash (the same key always gets the same factor). `fraction` must be in [0, 1);
// fraction 0 returns `ttl` unchanged. Result is at least 1 ms for a positive ttl. Pure, thread-safe.
std::chrono::milliseconds apply_ttl_jitter(std::string_view key, std::chrono::milliseconds ttl,
                                           double fraction);

}  // namespace ragbench::server
