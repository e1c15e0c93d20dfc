// Deterministic TTL jitter derived from the key hash.
#include "server/cache/ttl_jitter.hpp"

#include <algorithm>
#include <cmath>

#include "server/cache/key_hash.hpp"

namespace ragbench::server {

std::chrono::milliseconds apply_ttl_jitter(std::string_view key, std::chrono::milliseconds ttl,
                                           double fraction) {
  if (fraction <= 0.0 || ttl.count() <= 0) return ttl;
  // The top 53 bits of the hash as a uniform value in [0, 1], mapped to [-1, 1].
  const double unit = static_cast<double>(key_hash(key) >> 11) / static_cast<double>((1ull << 53) - 1);
  const double factor = 1.0 + fraction * (2.0 * unit - 1.0);
  const auto scaled = static_cast<long long>(std::floor(static_cast<double>(ttl.count()) * factor));
  return std::chrono::milliseconds(std::max<long long>(1, scaled));
}

}  // namespace ragbench::server
