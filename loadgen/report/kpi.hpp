#pragma once
// The KPI language: one condition on one endpoint's statistics (or on all endpoints merged), e.g.
//   p95 < 200ms    p99.9 <= 1s    mean < 50ms    max < 2s    min >= 10us
//   error_rate < 0.1%    rps >= 1000    rps >= 1000/s    requests > 0    failures == 0
//   rate_limited > 0     (429 answers: counted apart from failures; whole run only, no "after")
//   p95 < 200ms after 10s     (only the time series from second 10 on: warm-up excluded)
// Grammar: metric op number [unit] ["after" duration]; op is <, <=, >, >=, ==; units: ns, us, ms, s, m (min), h for
// latency metrics (pNN, mean, min, max — required), % or a bare fraction for error_rate, /s or nothing
// for rps, nothing for requests, failures and rate_limited.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ragbench::loadgen {

struct run_result;

enum class kpi_metric { percentile, mean, min, max, error_rate, rps, requests, failures, rate_limited };
enum class kpi_op { lt, le, gt, ge, eq };

struct kpi {
  std::string endpoint = "all";  // an endpoint name or "all" (every endpoint merged)
  std::string text;              // the expression as written, trimmed ("p95 < 200ms")
  kpi_metric metric = kpi_metric::percentile;
  double percentile = 0;         // for kpi_metric::percentile: 95, 99.9, ...
  kpi_op op = kpi_op::lt;
  double threshold = 0;          // canonical unit: ms for latency, % for error_rate, 1/s for rps, count
  std::optional<double> after_s; // evaluate only over seconds >= after_s

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
  std::string unit;      // "ms", "%", "/s" or ""
  bool pass = false;
  std::string message;   // why it failed when the value could not be measured (unknown endpoint, no data)

  friend bool operator==(const kpi_result&, const kpi_result&) = default;
};

// Evaluates against a finished run (its stats and duration_s). An unknown endpoint, or any KPI over
// zero requests (in its window), fails with a message ("no samples"). Cost: a few histogram merges.
kpi_result evaluate_kpi(const kpi& k, const run_result& run);

// Canonical unit name of a metric ("ms", "%", "/s", "").
std::string_view kpi_unit(kpi_metric metric);

}  // namespace ragbench::loadgen
