#pragma once
// The KPI language: one condition on one endpoint's statistics (or on all endpoints merged), e.g.
//   p95 < 200ms    p99.9 <= 1s    mean < 50ms    max < 2s    min >= 10us
//   error_rate < 0.1%    rps >= 1000    rps >= 1000/s    requests > 0    failures == 0
//   rate_limited > 0     (429 answers: counted apart from failures; whole run only, no "after")
//   p95 < 200ms after 10s     (only the time series from second 10 on: warm-up excluded)
// and on streams (text/event-stream responses) and goodput:
//   ttft p95 < 500ms    ttft_service p99 < 450ms    itl p99 < 50ms    tpot p50 < 25ms    e2e p95 < 3s
//   e2e_service p99 < 3s    headers p95 < 100ms    stream_tokens_per_s p50 >= 20
//   output_tokens_per_s >= 500    goodput >= 95%    goodput_rps >= 10
// Grammar: [series] metric op number [unit] ["after" duration]; op is <, <=, >, >=, ==; units: ns, us, ms,
// s, m (min), h for latency metrics (pNN, mean, min, max — required), % or a bare fraction for
// error_rate and goodput, /s or nothing for rps, output_tokens_per_s, goodput_rps and the
// stream_tokens_per_s series, nothing for requests, failures and rate_limited. A series names which histogram a pNN,
// mean, min or max reads (default: latency); `after` applies only to the latency series, error_rate,
// rps, requests and failures (streams have no per-second series).
// Bound to the endpoint "server", the expression names a series scraped from the target's /metrics
// (loadgen/scrape/, `--scrape URL`) and the value compared is the mean of its points (over the points
// at or after `after` when given):
//   server: cpu_seconds_rate < 0.8    server: cache_hit_ratio{tier=lru} >= 0.7 after 30s
//   server: rss_bytes < 512MiB        server: server_ttft_p95{route=/v1/chat} < 500ms
// Grammar: SERIES op number [unit] ["after" duration]; SERIES is a name with an optional {label=value,...}
// as the report prints it; the unit is optional and converts to the series' unit: % for ratios, a
// duration unit for seconds, B/KB/KiB/MB/MiB/GB/GiB for bytes, /s for rates.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ragbench::loadgen {

struct run_result;

enum class kpi_metric {
  percentile, mean, min, max, error_rate, rps, requests, failures, rate_limited, output_tokens_per_s, goodput,
  goodput_rps,
  server_series  // a series scraped from the target (endpoint "server")
};
// The histogram a percentile/mean/min/max reads: the request latency, or one of the stream figures
// (stream_stats in loadgen/stats/stream_stats.hpp).
enum class kpi_series { latency, ttft, ttft_service, itl, tpot, e2e, e2e_service, headers, stream_tokens_per_s };
enum class kpi_op { lt, le, gt, ge, eq };

struct kpi {
  std::string endpoint = "all";  // an endpoint name or "all" (every endpoint merged)
  std::string text;              // the expression as written, trimmed ("p95 < 200ms")
  kpi_metric metric = kpi_metric::percentile;
  kpi_series series = kpi_series::latency;  // for percentile, mean, min, max
  double percentile = 0;         // for kpi_metric::percentile: 95, 99.9, ...
  kpi_op op = kpi_op::lt;
  double threshold = 0;          // canonical unit: ms for latency, % for error_rate and goodput, 1/s for
                                 // rps, output_tokens_per_s, goodput_rps and stream_tokens_per_s, count
  std::optional<double> after_s; // evaluate only over seconds >= after_s
  std::string server_series;     // kpi_metric::server_series: "cache_hit_ratio{tier=lru}" (no blanks)
  std::string server_unit;       // the unit the threshold was written in, converted: "ratio" (%), "s",
                                 // "bytes", "1/s", or "" (a bare number, in the series' own unit)

  // "search: p95 < 200ms", the form used in reports.
  std::string display() const;
};

struct kpi_parse_error {
  std::string message;  // what is wrong, e.g. "unknown metric 'p9x'"
  std::size_t column;   // 1-based column in the expression where the problem starts
  // "column 5: expected a comparison (<, <=, >, >=, ==)".
  std::string what() const;
};

// Parses one expression bound to `endpoint`. Never throws.
std::variant<kpi, kpi_parse_error> parse_kpi(std::string_view text, std::string_view endpoint = "all");

struct kpi_result {
  std::string expr;      // kpi::display()
  double value = 0;      // measured, in the KPI's canonical unit (ms, %, 1/s, count)
  double threshold = 0;  // same unit
  std::string unit;      // "ms", "%", "/s" or ""; server series: "s", "/s", "B" or ""
  bool pass = false;
  std::string message;   // why it failed when the value could not be measured (unknown endpoint, no data)

  friend bool operator==(const kpi_result&, const kpi_result&) = default;
};

// Evaluates against a finished run (its stats and duration_s). An unknown endpoint, or any KPI over
// zero requests (in its window), fails with a message ("no samples"). Cost: a few histogram merges.
kpi_result evaluate_kpi(const kpi& k, const run_result& run);

// Canonical unit name of a metric ("ms", "%", "/s", ""); of a KPI (its series may change it).
std::string_view kpi_unit(kpi_metric metric);
std::string_view kpi_unit(const kpi& k);
// "ttft", "itl", ... ("" for latency).
std::string_view series_name(kpi_series s);
// True for metrics and series measured on streams (no per-second series: no `after`).
bool is_stream_kpi(const kpi& k);
// How a server series' unit is shown beside a value: "s", "B", "/s" or "" (ratios, plain numbers).
std::string_view server_unit_display(std::string_view unit);
// The series name a server KPI refers to, without its labels ("cache_hit_ratio").
std::string server_series_base(const kpi& k);

}  // namespace ragbench::loadgen
