#include "server/index/vector_checks.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ragbench::server {

void check_dimension(std::size_t got, std::size_t want, const char* what) {
  if (got != want) {
    throw std::invalid_argument(std::string(what) + ": vector has " + std::to_string(got) +
                                " dimensions, index has " + std::to_string(want));
  }
}

void check_finite(std::span<const float> vec, const char* what) {
  if (!std::all_of(vec.begin(), vec.end(), [](float v) { return std::isfinite(v); })) {
    throw std::invalid_argument(std::string(what) + ": vector has a NaN or infinite component");
  }
}

std::size_t checked_dimension(std::size_t dimension) {
  if (dimension == 0) throw std::invalid_argument("index option 'dimension' must be >= 1");
  return dimension;
}

}  // namespace ragbench::server
