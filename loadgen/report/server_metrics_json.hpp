#pragma once
// server_metrics.json (schema "ragbench.loadgen.server_metrics/v1"): every scraped series with all its
// points, written beside summary.json when the run scraped the target, read back by read_run_dir;
// and the `server` section of summary.json (per series: unit, points, min, mean, max, last).
// Both documented in docs/loadgen-results.md. Times in seconds rounded to 1 ms, values as measured.
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/server_metrics.hpp"

namespace ragbench::loadgen {

inline constexpr const char* server_metrics_schema = "ragbench.loadgen.server_metrics/v1";

nlohmann::json to_server_metrics_json(const server_metrics& m);
// Throws std::invalid_argument "FILE: FIELD: what is wrong" for anything but a well-formed file of
// this schema (points in time order, finite numbers).
server_metrics server_metrics_from_json(const nlohmann::json& j, const std::string& file);

// summary.json's `server`: {sources, interval_s, scrapes, failed_scrapes, series: {NAME: {unit, points,
// min, mean, max, last}}}.
nlohmann::json server_summary_json(const server_metrics& m);

}  // namespace ragbench::loadgen
