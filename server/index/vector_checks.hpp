#pragma once
// Argument checks shared by the index strategies; each throws std::invalid_argument with a
// message naming the operation (`what`, e.g. "hnsw_index::add").
#include <cstddef>
#include <span>

namespace ragbench::server {

// `got` dimensions where the index has `want`.
void check_dimension(std::size_t got, std::size_t want, const char* what);
// Every component finite (no NaN, no infinity).
void check_finite(std::span<const float> vec, const char* what);
// A usable index dimension (>= 1); returns it.
std::size_t checked_dimension(std::size_t dimension);

}  // namespace ragbench::server
