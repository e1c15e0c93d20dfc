#pragma once
// Loading and validating scenario files and profiles. Everything is checked before any traffic:
// unknown keys, wrong types, bad durations and rates, missing files, weights <= 0, undefined template
// variables. Errors are collected (as many as practical) and thrown together as one scenario_error,
// each line "FILE:LINE: what is wrong". Not on any hot path; not thread-safe on one scenario.
#include <string>
#include <string_view>

#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

// Reads, validates and compiles a scenario file (feeder files and {{file:...}} are read now,
// relative to the scenario file's folder).
scenario load_scenario(const std::string& path);
// Same from text; `path` is used for messages and to resolve relative files.
scenario parse_scenario(std::string_view yaml_text, const std::string& path);

// Replaces scenario.load and scenario.warmup with the profile's (no `warmup:` in the profile = no
// warmup). A profile file is a mapping with `load:` (required), optional `warmup:` and `description:`.
void apply_profile(scenario& s, const std::string& profile_path);
void apply_profile_text(scenario& s, std::string_view yaml_text, const std::string& path);

// One `--set key=value` override. Keys: target, protocol, name, seed, warmup, wait (a YAML flow
// mapping such as "{between: [1s, 2s]}"), load (a whole YAML flow mapping), load.<key> (users,
// spawn_rate, duration, arrival_rate, arrival, rate, stages, max_connections). The value is read as
// YAML and validated exactly like the file's. Errors read "--set KEY=VALUE: what is wrong".
void apply_override(scenario& s, std::string_view key_equals_value);

}  // namespace ragbench::loadgen
