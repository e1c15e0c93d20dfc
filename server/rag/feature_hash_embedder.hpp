#pragma once
// The default embedder: feature hashing of lower-cased unigrams and bigrams into D signed
// dimensions with sublinear term-frequency weights, L2-normalised. No model, no I/O, and the
// same vector for the same text on every run and platform (FNV-1a + a fixed 64-bit mix).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "server/rag/embedder.hpp"

namespace ragbench::server {

struct feature_hash_options {
  std::size_t dimension = 384;  // any D >= 1 (validated, <= 65536)
  float bigram_weight = 0.5f;   // weight of a bigram feature relative to a unigram
};

class feature_hash_embedder final : public embedder {
 public:
  // Throws std::invalid_argument naming the option when `dimension` is 0 or > 65536 or
  // `bigram_weight` is negative or not finite.
  explicit feature_hash_embedder(feature_hash_options options = {});

  std::size_t dimension() const override { return options_.dimension; }
  // Tokens are maximal runs of ASCII letters/digits (bytes >= 0x80 count as letters so UTF-8
  // words stay whole), ASCII lower-cased. Each distinct feature f adds
  // sign(f) * w * (1 + ln tf(f)) to dimension index(f). Thread-safe (const, no shared state);
  // cost O(n log n) in the number of tokens, one temporary vector of 8 bytes per feature.
  // Throws std::invalid_argument when out.size() != dimension().
  void embed(std::string_view text, std::span<float> out) const override;
  using embedder::embed;

  // The 64-bit hash of one token after lower-casing (exposed for tests).
  static std::uint64_t token_hash(std::string_view token);

 private:
  feature_hash_options options_;
};

}  // namespace ragbench::server
