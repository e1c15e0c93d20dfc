#pragma once
// Small, fixed (platform-independent) hash functions: FNV-1a 64 over bytes and murmur3's fmix64
// finaliser, which spreads FNV's weak high bits. Stable across runs: caches shard by them and the
// embedder's feature indexes depend on them.
#include <cstdint>
#include <string_view>

namespace ragbench {

inline constexpr std::uint64_t fnv1a_offset = 14695981039346656037ull;
inline constexpr std::uint64_t fnv1a_prime = 1099511628211ull;

constexpr std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t h = fnv1a_offset) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= fnv1a_prime;
  }
  return h;
}

constexpr std::uint64_t fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace ragbench
