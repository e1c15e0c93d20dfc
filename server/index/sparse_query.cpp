// Sparse query encoding: the nonzero components of a dense query, by dimension.
#include "server/index/sparse_query.hpp"

namespace ragbench::server {

std::optional<sparse_query> sparse_query::encode(std::span<const float> dense, std::size_t max_nonzeros) {
  std::size_t nonzeros = 0;
  for (float v : dense) nonzeros += v != 0.0f ? 1 : 0;
  if (nonzeros > max_nonzeros) return std::nullopt;
  sparse_query q;
  q.entries_.reserve(nonzeros);
  for (std::size_t i = 0; i < dense.size(); ++i) {
    if (dense[i] != 0.0f) q.entries_.push_back({static_cast<std::uint32_t>(i), dense[i]});
  }
  return q;
}

}  // namespace ragbench::server
