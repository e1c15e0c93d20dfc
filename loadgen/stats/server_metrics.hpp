#pragma once
// What was scraped from the target's Prometheus /metrics during a run (`--scrape URL`, `scrape:`): one
// value per series per scrape, on the run's time axis, beside the client's own per-second series.
// Counters are already rates, histograms already quantiles over the scrape interval (see loadgen/scrape/).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ragbench::loadgen {

struct server_series {
  std::string name;  // stable identifier used by KPIs and reports, e.g. "cpu_seconds_rate", "cache_hit_ratio{tier=l1}"
  std::string unit;  // "ratio", "bytes", "1/s", "s", "" (a plain number)
  std::vector<std::pair<double, double>> points;  // (seconds since the run start, value), in time order

  friend bool operator==(const server_series&, const server_series&) = default;
};

struct server_metrics {
  std::vector<std::string> sources;  // the scraped URLs
  double interval_s = 1;             // the scrape interval
  std::uint64_t scrapes = 0;         // attempted scrapes over all sources
  std::uint64_t failed_scrapes = 0;  // of which failed (never fails the run)
  std::vector<server_series> series;

  friend bool operator==(const server_metrics&, const server_metrics&) = default;
};

}  // namespace ragbench::loadgen
