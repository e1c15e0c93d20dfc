#pragma once
// Parsing of the `load:` and `wait:` blocks (scenario files, profiles and --set overrides).
#include <optional>

#include <yaml-cpp/yaml.h>

#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/yaml_reader.hpp"

namespace ragbench::loadgen {

// nullopt after recording errors in `r`.
std::optional<load_model> parse_load(yaml_reader& r, const YAML::Node& n);
std::optional<wait_time> parse_wait(yaml_reader& r, const YAML::Node& n);

// The YAML form of a load model, so an override can edit one key and re-parse it.
YAML::Node load_to_yaml(const load_model& m);

}  // namespace ragbench::loadgen
