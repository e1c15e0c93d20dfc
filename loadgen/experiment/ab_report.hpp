#pragma once
// The result of `loadgen ab` and its renderings: ab.json (stable schema "ragbench.ab/1",
// documented in docs/loadgen-ab-capacity.md), ab.md and the console table.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loadgen/experiment/ab_analysis.hpp"

namespace ragbench::loadgen {

struct ab_trial {
  std::size_t index = 0;     // 0-based position in the run order
  std::size_t pair = 0;      // 0-based pair number
  char side = 'A';           // 'A' or 'B'
  std::string dir;           // its run directory (summary.json, report.md, ...)
  std::uint64_t requests = 0;
  double rps = 0;
  double p95_ms = 0;
  std::string verdict;       // the run's own KPI verdict: "pass" / "fail"
  bool generator_valid = true;
};

struct ab_report {
  std::string scenario;
  std::string a_label, b_label;   // the command lines or URLs
  std::size_t trials_per_side = 0;
  double warmup_s = 0;
  std::uint64_t seed = 0;
  ab_settings settings;
  std::string order;              // e.g. "ABBAAB"
  std::vector<ab_trial> trials;
  std::vector<ab_metric_result> metrics;
  std::string verdict;            // overall_verdict(): "worse" or "not-worse"; "interrupted" when cut short
  std::string interrupted;        // why there is no verdict, e.g. "interrupted by SIGINT (at ...) in trial 3 of 10"
};

nlohmann::json to_json(const ab_report& r);
std::string render_ab_markdown(const ab_report& r);
// A fixed-width table for a terminal: metric, A, B, change, interval, verdict.
std::string render_ab_console(const ab_report& r);

}  // namespace ragbench::loadgen
