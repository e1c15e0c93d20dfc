// Vose's alias method: O(n) build, O(1) pick from one uniform number.
#include "loadgen/scenario/weighted_picker.hpp"

#include <cmath>
#include <stdexcept>

namespace ragbench::loadgen {

weighted_picker::weighted_picker(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw std::invalid_argument("weighted_picker: no weights");
  double sum = 0;
  for (double w : weights) {
    if (!(w > 0) || !std::isfinite(w)) throw std::invalid_argument("weighted_picker: weights must be finite and > 0");
    sum += w;
  }
  prob_.assign(n, 0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::size_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / sum;
    (scaled[i] < 1 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    auto s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1;
    if (scaled[l] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (auto i : large) prob_[i] = 1, alias_[i] = i;
  for (auto i : small) prob_[i] = 1, alias_[i] = i;  // rounding leftovers
}

std::size_t weighted_picker::pick(double u) const {
  if (!(u >= 0)) u = 0;
  const double n = static_cast<double>(prob_.size());
  double x = u * n;
  auto column = static_cast<std::size_t>(x);
  if (column >= prob_.size()) column = prob_.size() - 1;
  double frac = x - static_cast<double>(column);
  return frac < prob_[column] ? column : alias_[column];
}

}  // namespace ragbench::loadgen
