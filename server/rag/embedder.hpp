#pragma once
// Turns text into a fixed-size, L2-normalised vector. The default is a deterministic
// feature-hashing embedder (no model download); the interface lets a real model plug in later.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace ragbench::server {

class embedder {
 public:
  virtual ~embedder() = default;
  virtual std::size_t dimension() const = 0;
  // Writes the embedding of `text` into `out` (out.size() == dimension()), L2-normalised; an
  // empty text gives the zero vector. Thread-safe, no allocation beyond small per-call buffers.
  virtual void embed(std::string_view text, std::span<float> out) const = 0;
  std::vector<float> embed(std::string_view text) const {
    std::vector<float> v(dimension());
    embed(text, v);
    return v;
  }
};

}  // namespace ragbench::server
