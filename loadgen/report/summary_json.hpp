#pragma once
// summary.json: the stable machine-readable result ("schema": "ragbench.loadgen.summary/v1"), documented
// field by field in docs/loadgen-results.md. Latencies in ms rounded to 1 us.
#include <string_view>

#include <nlohmann/json.hpp>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

inline constexpr const char* summary_schema = "ragbench.loadgen.summary/v1";

nlohmann::json to_summary_json(const run_result& run);
// {signal, at, after_s, planned_s}: the "interrupted" object of summary.json and histograms.json.
nlohmann::json interruption_json(const run_interruption& i);
// {index, count, run_id, scenario_hash[, merged_from]}: the "segment" object of summary.json and
// histograms.json; segment_from_json reads it back (throws result_format_error naming `where`).
nlohmann::json segment_json(const run_segment& s);
run_segment segment_from_json(const nlohmann::json& j, std::string_view where);

}  // namespace ragbench::loadgen
