// Feature-hashing embedder: tokenise without allocating, hash each unigram and bigram to a
// 64-bit feature, count features by sorting, then scatter signed sublinear weights into D dims.
#include "server/rag/feature_hash_embedder.hpp"

#include "common/hash.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace ragbench::server {
namespace {

constexpr std::uint64_t fnv_offset = 14695981039346656037ull;
constexpr std::uint64_t fnv_prime = 1099511628211ull;
// Low bit of a feature marks a bigram, so unigrams and bigrams never share a weight.
constexpr std::uint64_t bigram_bit = 1;

// murmur3's fmix64 spreads FNV's weak high bits before taking index and sign.
constexpr std::uint64_t mix64(std::uint64_t h) { return fmix64(h); }

constexpr bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

constexpr unsigned char to_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

}  // namespace

feature_hash_embedder::feature_hash_embedder(feature_hash_options options) : options_(options) {
  if (options_.dimension == 0 || options_.dimension > 65536) {
    throw std::invalid_argument("embedder option 'dimension' must be in 1..65536, got " +
                                std::to_string(options_.dimension));
  }
  if (!std::isfinite(options_.bigram_weight) || options_.bigram_weight < 0.0f) {
    throw std::invalid_argument("embedder option 'bigram_weight' must be a finite number >= 0");
  }
}

std::uint64_t feature_hash_embedder::token_hash(std::string_view token) {
  std::uint64_t h = fnv_offset;
  for (char ch : token) {
    h ^= to_lower(static_cast<unsigned char>(ch));
    h *= fnv_prime;
  }
  return h;
}

void feature_hash_embedder::embed(std::string_view text, std::span<float> out) const {
  if (out.size() != options_.dimension) {
    throw std::invalid_argument("embed: output span has " + std::to_string(out.size()) +
                                " floats, embedder dimension is " + std::to_string(options_.dimension));
  }
  std::fill(out.begin(), out.end(), 0.0f);

  std::vector<std::uint64_t> features;
  features.reserve(text.size() / 3 + 2);
  std::uint64_t prev = 0;
  bool have_prev = false;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    while (p < end && !is_word_byte(*p)) ++p;
    if (p == end) break;
    std::uint64_t h = fnv_offset;
    while (p < end && is_word_byte(*p)) {
      h ^= to_lower(*p++);
      h *= fnv_prime;
    }
    const std::uint64_t uni = mix64(h) & ~bigram_bit;
    features.push_back(uni);
    if (have_prev) features.push_back(mix64(prev * 0x9e3779b97f4a7c15ull ^ uni) | bigram_bit);
    prev = uni;
    have_prev = true;
  }
  if (features.empty()) return;

  std::sort(features.begin(), features.end());
  const std::size_t dim = options_.dimension;
  for (std::size_t i = 0; i < features.size();) {
    std::size_t j = i + 1;
    while (j < features.size() && features[j] == features[i]) ++j;
    const std::uint64_t f = features[i];
    const float tf_weight = 1.0f + std::log(static_cast<float>(j - i));
    const float w = (f & bigram_bit) ? options_.bigram_weight * tf_weight : tf_weight;
    // Index from the middle bits, sign from the top bit: independent parts of the mixed hash.
    const std::size_t index = static_cast<std::size_t>((f >> 8) % dim);
    out[index] += (f >> 63) ? -w : w;
    i = j;
  }

  double norm2 = 0.0;
  for (float v : out) norm2 += static_cast<double>(v) * v;
  if (norm2 <= 0.0) return;  // every feature cancelled out: leave the zero vector
  const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
  for (float& v : out) v *= inv;
}

}  // namespace ragbench::server
