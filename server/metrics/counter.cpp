// Render-time summation of the per-thread counter cells.
#include "server/metrics/counter.hpp"

namespace ragbench::server {

std::uint64_t counter::value() const {
  std::uint64_t total = 0;
  for (const auto& cell : cells_) total += cell.value[0].load(std::memory_order_relaxed);
  return total;
}

}  // namespace ragbench::server
