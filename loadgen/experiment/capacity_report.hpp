#pragma once
// The result of `loadgen capacity` and its renderings: capacity.json (schema "ragbench.capacity/1",
// documented in docs/loadgen-ab-capacity.md), capacity.md and the console table with an ASCII
// latency-vs-throughput curve.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loadgen/experiment/capacity_search.hpp"
#include "loadgen/experiment/usl_fit.hpp"

namespace ragbench::loadgen {

struct capacity_run {
  std::optional<unsigned> threads;  // server threads when measured with --threads-list
  std::string target;               // URL searched
  capacity_result result;
};

struct capacity_report {
  std::string scenario;
  capacity_plan plan;
  double step_duration_s = 0;
  double warmup_s = 0;
  std::vector<capacity_run> runs;       // one, or one per thread count
  std::vector<usl_point> usl_points;    // from --usl, --usl-from or --threads-list
  std::optional<usl_model> usl;
  std::string usl_error;                // why no fit was possible, when asked for one
  std::string interrupted;              // the search was cut short by a signal: by what and when
};

nlohmann::json to_json(const capacity_report& r);
std::string render_capacity_markdown(const capacity_report& r);
std::string render_capacity_console(const capacity_report& r);

// Rows of "rate achieved p99 |#####" for the trusted steps, bars scaled to the largest p99
// (width characters). Empty when there are no steps.
std::string ascii_curve(const capacity_result& r, std::size_t width = 40);

}  // namespace ragbench::loadgen
