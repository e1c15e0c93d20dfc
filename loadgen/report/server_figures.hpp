#pragma once
// Summary figures of one scraped server series (loadgen/stats/server_metrics.hpp): what report.md,
// summary.json and the server KPIs read. Cost O(points).
#include <cstddef>
#include <optional>

#include "loadgen/stats/server_metrics.hpp"

namespace ragbench::loadgen {

struct series_figures {
  std::size_t points = 0;  // 0: the others are 0 too
  double min = 0, mean = 0, max = 0;
  double last = 0;         // the latest point's value
};

// Over the points at or after from_s seconds (all points when nullopt). The mean is of the points,
// each interval weighing the same.
series_figures figures_of(const server_series& s, std::optional<double> from_s = std::nullopt);

// The series of that exact name, or nullptr.
const server_series* find_series(const server_metrics& m, const std::string& name);

}  // namespace ragbench::loadgen
