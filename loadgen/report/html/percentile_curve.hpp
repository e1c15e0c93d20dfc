#pragma once
// The full percentile curve of a histogram as HdrHistogram's plotter draws it: latency against
// x = 1 / (1 - q) on a log axis, so 90 %, 99 %, 99.9 % ... are equally spaced ("nines"). Points at
// q = 1 - 10^(-k/10) for k = 0, 1, 2 ... (ten per nine) while a sample exists that far out
// (1 / (1 - q) < count), then the maximum at x = count. O(points x bucket_count).
#include <nlohmann/json_fwd.hpp>

#include "common/hdr_histogram.hpp"

namespace ragbench::loadgen {

// [[x, value / unit], ...], x rounded to 4 and values to 3 decimals; [] for an empty histogram.
// unit: 1e6 for ns -> ms.
nlohmann::json percentile_curve(const hdr_histogram& h, double unit = 1e6);

}  // namespace ragbench::loadgen
