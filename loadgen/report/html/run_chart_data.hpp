#pragma once
// What report.html's charts draw, as one JSON object (the page's data block; report.js reads it):
//   {"x_max": seconds of the time axis,
//    "seconds": [1, 2, ...]  each per-second figure is drawn at the END of its second, where a rate
//                            scraped at that moment ends too, so client and server series line up,
//    "all": series of every endpoint together, "endpoints": [series + per-endpoint extras...],
//    "server": the scraped series or null, "model": "open" or "closed",
//    "load": {"scheduled", "late", "dropped": starts per second, "users": virtual users started so far} or null}
// A series: {"name", "requests": [...], "failures": [...], "p50"/"p95"/"p99": [ms or null when the
// second had no request], "curve": percentile_curve of the latency}. Per endpoint also "status"
// {"200": n}, "errors" {"timeout": n}, and "stream" {"ttft", "itl", "tpot": curves} when it streamed.
// Per-second percentiles come from the time series' coarse buckets (within 1.6 %, see
// loadgen/stats/time_series.hpp). Cost: O(seconds x buckets) per endpoint, plus the curves.
#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

nlohmann::json run_chart_data(const run_result& run);

// The value (ns) at percentile q (0..100) of one second's coarse buckets: the midpoint of the coarse
// bucket holding the ceil(q/100 * n)-th value. 0 for no buckets.
double coarse_percentile_ns(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& buckets, double q);

}  // namespace ragbench::loadgen
