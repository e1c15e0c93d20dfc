#pragma once
// Loading and validating scenario files and profiles. Everything is checked before any traffic:
// unknown keys, wrong types, bad durations and rates, missing files, weights <= 0, undefined template
// variables. Errors are collected (as many as practical) and thrown together as one scenario_error,
// each line "FILE:LINE: what is wrong". Not on any hot path; not thread-safe on one scenario.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

// Checks one KPI expression while the file is validated, so its syntax errors are reported with all
// the others of the file (the KPI language lives in loadgen/report, above this layer). Returns ""
// when the expression is fine, else what is wrong ("column 5: expected a comparison ...").
using kpi_syntax_check = std::function<std::string(const kpi_spec&)>;

// Reads, validates and compiles a scenario file (feeder files and {{file:...}} are read now,
// relative to the scenario file's folder). The text is first checked by check_yaml_text
// (yaml_guard.hpp): UTF-8, unclosed quotes, duplicate keys, alias expansion bound.
scenario load_scenario(const std::string& path, const kpi_syntax_check& check_kpi = {});
// Same from text; `path` is used for messages and to resolve relative files.
scenario parse_scenario(std::string_view yaml_text, const std::string& path, const kpi_syntax_check& check_kpi = {});

// Replaces scenario.load and scenario.warmup with the profile's (no `warmup:` in the profile = no
// warmup). A profile file is a mapping with `load:` (required), optional `warmup:`, `description:` and
// `scrape:` (which, when given, replaces the scenario's scrape block).
void apply_profile(scenario& s, const std::string& profile_path);
void apply_profile_text(scenario& s, std::string_view yaml_text, const std::string& path);

// One `--set key=value` override. Keys: target, protocol, name, seed, warmup, drain, max_body,
// max_error_rate, wait (a YAML flow mapping such as "{between: [1s, 2s]}"), load (a whole YAML flow
// mapping), load.<key> (users, spawn_rate, duration, arrival_rate, arrival, rate, stages,
// max_connections), scrape (a whole scrape: block, loadgen/scenario/scrape_parser.hpp), scrape.interval.
// The value is read as YAML and validated exactly like the file's. Errors read "--set KEY=VALUE: what is wrong".
void apply_override(scenario& s, std::string_view key_equals_value);
// Several overrides, in order, validated together: each value is checked as it is applied, but the checks
// across settings (warmup shorter than the load's duration, protocol fitting the target) only once all are
// applied, so `--set load.duration=5s --set warmup=none` works in either order. Every error of every
// override is reported; on any error `s` is unchanged.
void apply_overrides(scenario& s, const std::vector<std::string>& sets);

}  // namespace ragbench::loadgen
