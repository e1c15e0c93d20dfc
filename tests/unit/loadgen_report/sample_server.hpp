#pragma once
// Hand-built scraped server series for the report tests, in the shape loadgen/stats/server_metrics.hpp
// gives them, over the 20 s of sample_run: the cache warming up (hit ratio rising while the client's
// latency falls after the 5 s warm-up), CPU, and a failed scrape (a gap at 7 s).
#include <algorithm>

#include "loadgen/stats/server_metrics.hpp"

namespace ragbench::loadgen::testing {

inline server_metrics sample_server() {
  server_metrics m;
  m.sources = {"http://127.0.0.1:8080/metrics"};
  m.interval_s = 1;
  m.scrapes = 20;
  m.failed_scrapes = 1;
  server_series hit{"cache_hit_ratio{tier=l1}", "ratio", {}}, cpu{"cpu_seconds_rate", "1/s", {}};
  for (int t = 1; t <= 20; ++t) {
    if (t == 7) continue;  // the failed scrape
    hit.points.emplace_back(t, std::min(0.95, 0.05 * t));
    cpu.points.emplace_back(t, t <= 5 ? 0.9 : 0.4);
  }
  m.series = {hit, cpu};
  return m;
}

}  // namespace ragbench::loadgen::testing
