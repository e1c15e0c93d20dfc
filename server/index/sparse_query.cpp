// Sparse query encoding and the distance callback that accepts it (see the header for why).
#include "server/index/sparse_query.hpp"

#include <bit>
#include <cstring>

namespace ragbench::server {
namespace {

constexpr std::uint32_t sparse_tag = 0x7fc5a7e1u;  // a quiet NaN: no finite float has these bits

}  // namespace

std::optional<sparse_query> sparse_query::encode(std::span<const float> dense, std::size_t max_nonzeros) {
  std::size_t nonzeros = 0;
  for (float v : dense) nonzeros += v != 0.0f ? 1 : 0;
  if (nonzeros > max_nonzeros) return std::nullopt;
  sparse_query q;
  q.words_.reserve(2 + 2 * nonzeros);
  q.words_.push_back(sparse_tag);
  q.words_.push_back(static_cast<std::uint32_t>(nonzeros));
  for (std::size_t i = 0; i < dense.size(); ++i) {
    if (dense[i] == 0.0f) continue;
    q.words_.push_back(static_cast<std::uint32_t>(i));
    q.words_.push_back(std::bit_cast<std::uint32_t>(dense[i]));
  }
  return q;
}

float query_distance(const void* a, const void* b, const void* params) {
  const auto& p = *static_cast<const query_distance_params*>(params);
  const auto* stored = static_cast<const float*>(b);
  std::uint32_t head;
  std::memcpy(&head, a, sizeof head);
  if (head != sparse_tag) return 1.0f - p.dense(static_cast<const float*>(a), stored, p.dimension);
  const auto* words = static_cast<const std::uint32_t*>(a);
  const std::uint32_t count = words[1];
  const std::uint32_t* pair = words + 2;
  // Two partial sums: the gathers are independent, the adds need not be one chain.
  float s0 = 0.0f, s1 = 0.0f;
  std::uint32_t i = 0;
  for (; i + 2 <= count; i += 2, pair += 4) {
    s0 += std::bit_cast<float>(pair[1]) * stored[pair[0]];
    s1 += std::bit_cast<float>(pair[3]) * stored[pair[2]];
  }
  if (i < count) s0 += std::bit_cast<float>(pair[1]) * stored[pair[0]];
  return 1.0f - (s0 + s1);
}

}  // namespace ragbench::server
