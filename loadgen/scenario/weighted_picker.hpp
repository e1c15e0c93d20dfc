#pragma once
// Weighted random choice in O(1) per pick (Walker/Vose alias method), built once per scenario.
#include <cstddef>
#include <span>
#include <vector>

namespace ragbench::loadgen {

class weighted_picker {
 public:
  weighted_picker() = default;
  // weights must be finite and > 0 (the loader guarantees it); throws std::invalid_argument otherwise
  // or when empty. Cost O(n).
  explicit weighted_picker(std::span<const double> weights);

  // Index chosen with probability weight[i] / sum, from one uniform u in [0, 1). O(1), const,
  // thread-safe. u outside [0, 1) is clamped.
  std::size_t pick(double u) const;
  std::size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<std::size_t> alias_;
};

}  // namespace ragbench::loadgen
