#pragma once
// What `loadgen run` scrapes from the target's Prometheus /metrics during a run (`scrape:` in a
// scenario or profile, `--scrape URL` on the command line; docs/loadgen-scenarios.md, "scrape"):
// which URLs, how often, and which series to keep. The scraping itself is loadgen/scrape/.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

// http://host[:port][/path[?query]]; no path means /metrics. Plain HTTP/1.1 only.
struct scrape_url {
  std::string text;  // as written
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 80;
  std::string target = "/metrics";  // path and query sent in the request line
  friend bool operator==(const scrape_url&, const scrape_url&) = default;
};

// Parses a scrape URL; on error the reason ("https:// is not supported: scrape over http://").
std::variant<scrape_url, std::string> parse_scrape_url(std::string_view text);

using label_matchers = std::vector<std::pair<std::string, std::string>>;  // label name -> exact value

// One series (or one group of series) to keep, read from one metric family of each scrape:
//   counter    -> per-second rate over each scrape interval (a reset counts from 0)
//   gauge, untyped -> the value as scraped
//   histogram  -> the quantiles over each interval, from the bucket deltas (as histogram_quantile)
//   summary    -> the mean over each interval (delta sum / delta count)
// Samples are kept when their labels equal `match`; they are summed per distinct value of the `by`
// labels (one series each, named "name{by1=v1,by2=v2}"). With `ratio_of`, the value is the share of
// the kept samples that also match ratio_of (rates for counters, values for gauges): a hit ratio.
struct series_selector {
  std::string name;            // report and KPI name ("cpu_seconds_rate"); histograms add "_p95" etc.
  std::string metric;          // the family ("process_cpu_seconds_total")
  label_matchers match;
  std::vector<std::string> by;
  label_matchers ratio_of;
  std::vector<double> quantiles{0.5, 0.95, 0.99};  // histograms, each in (0, 1]
  std::string unit;            // "", "ratio", "bytes", "1/s", "s"; empty = derived (see unit_for)
  friend bool operator==(const series_selector&, const series_selector&) = default;
};

struct scrape_spec {
  std::vector<scrape_url> urls;  // none = no scraping
  std::chrono::nanoseconds interval{std::chrono::seconds(1)};
  std::vector<series_selector> series;  // what the file lists
  bool ragserver_defaults = true;       // also the ragserver series below (when `series` is not given,
                                        // or lists `defaults`)
  bool enabled() const { return !urls.empty(); }
};

// The series kept when a scrape block names none: ragserver's CPU, memory, request rate, cache hit
// ratio, pool, index and TTFT (docs/loadgen-scenarios.md lists them with their metrics).
const std::vector<series_selector>& ragserver_default_series();
// The defaults (when ragserver_defaults) and then spec.series.
std::vector<series_selector> effective_series(const scrape_spec& spec);
// The names a selector's series start with: "name", or "name_p50", "name_p95", ... for quantiles
// (a summary's "name_mean" too, since the family's type is known only when scraped).
std::vector<std::string> series_base_names(const series_selector& s);
// "p50", "p95", "p99.9" for 0.5, 0.95, 0.999.
std::string quantile_suffix(double q);

inline constexpr std::chrono::milliseconds min_scrape_interval{100};
inline constexpr std::chrono::hours max_scrape_interval{1};

}  // namespace ragbench::loadgen
