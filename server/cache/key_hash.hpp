#pragma once
// A fixed, platform-independent 64-bit hash of a cache key (FNV-1a followed by a murmur finaliser).
// Used to pick a shard and to derive deterministic TTL jitter, so tests can compute both exactly.
#include <cstdint>
#include <string_view>

namespace ragbench::server {

// Cost: O(key length). Pure function, thread-safe.
constexpr std::uint64_t key_hash(std::string_view key) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace ragbench::server
