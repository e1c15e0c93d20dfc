#pragma once
// histograms.json: everything in a run_result (meta, full histograms, time series, KPI results), so a
// run can be re-rendered, compared or merged later without the original run.
// Format: {"schema":"ragbench.loadgen.histograms/v1", "scenario":..., ..., "stats": run_stats::to_json()}.
#include <string_view>

#include <nlohmann/json.hpp>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

inline constexpr const char* histograms_schema = "ragbench.loadgen.histograms/v1";

nlohmann::json to_histograms_json(const run_result& run);
// Validates everything; throws std::invalid_argument "<where>: <what is wrong>".
run_result run_result_from_histograms_json(const nlohmann::json& j, std::string_view where);

}  // namespace ragbench::loadgen
