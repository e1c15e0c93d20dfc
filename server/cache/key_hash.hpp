#pragma once
// A fixed, platform-independent 64-bit hash of a cache key (FNV-1a followed by a murmur finaliser).
// Used to pick a shard and to derive deterministic TTL jitter, so tests can compute both exactly.
#include <cstdint>
#include <string_view>

#include "common/hash.hpp"

namespace ragbench::server {

// Cost: O(key length). Pure function, thread-safe.
constexpr std::uint64_t key_hash(std::string_view key) { return fmix64(fnv1a_64(key)); }

}  // namespace ragbench::server
