// min / mean / max / last of a scraped series.
#include "loadgen/report/server_figures.hpp"

#include <algorithm>

namespace ragbench::loadgen {

series_figures figures_of(const server_series& s, std::optional<double> from_s) {
  series_figures f;
  double sum = 0;
  for (const auto& [t, v] : s.points) {
    if (from_s && t < *from_s) continue;
    f.min = f.points == 0 ? v : std::min(f.min, v);
    f.max = f.points == 0 ? v : std::max(f.max, v);
    f.last = v;
    sum += v;
    ++f.points;
  }
  if (f.points > 0) f.mean = sum / static_cast<double>(f.points);
  return f;
}

const server_series* find_series(const server_metrics& m, const std::string& name) {
  for (const auto& s : m.series)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace ragbench::loadgen
