#pragma once
// report.html: one self-contained page for a run (written by `loadgen run` beside the other files and by
// `loadgen report DIR --format html`). Static, escaped HTML for what is read (header with scenario,
// target, model, load, duration and the verdict with its reason; the interrupted and generator-limited
// banners; KPI, endpoint, failure-reason, stream and settings tables) and charts drawn by
// assets/report.js from run_chart_data (latency percentiles, throughput and errors per second, the
// percentile curves, status codes and error kinds, stream curves, the scraped server series on the same
// time axis). Opens with no network: Chart.js and the data are inline. Deterministic.
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

std::string render_html_report(const run_result& run);

}  // namespace ragbench::loadgen
