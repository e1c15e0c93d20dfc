#pragma once
// Internal helpers of the scenario and profile loaders (not for the engine).
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/yaml_reader.hpp"

namespace ragbench::loadgen::loader_support {

// Whole file, at most max_scenario_file_bytes; throws scenario_error "PATH:0: cannot read WHAT file: why".
std::string read_text(const std::string& path, const char* what);
// check_yaml_text (UTF-8, unclosed quotes, duplicate keys, alias bound), then YAML::Load. Every
// problem becomes a line of one scenario_error "PATH:LINE: ..."; an empty text is
// "PATH:1: the file is empty"; syntax errors are "PATH:LINE: YAML syntax error: ...".
YAML::Node parse_yaml(std::string_view text, const std::string& path);
// Folder of a file path ("." when none).
std::string dir_of(const std::string& path);
// http://host[:port][/base]; nullopt after recording an error.
std::optional<target_url> parse_target(yaml_reader& r, const YAML::Node& n);
// http1 | h2c | h2 | auto; nullopt after recording an error.
std::optional<protocol_kind> parse_protocol(yaml_reader& r, const YAML::Node& n);
// {insecure: bool, ca_file: PATH, server_name: NAME} into `out` (keys not given keep their value).
void parse_tls(yaml_reader& r, const YAML::Node& n, const std::string& field, tls_settings& out);
// Defaults the protocol from the scheme when it was not set explicitly, then records an error at
// `at` when protocol and scheme do not fit (h2c over https, h2/auto over http) or `connections` is
// set for HTTP/1.1.
void settle_protocol(yaml_reader& r, const YAML::Node& at, scenario& s);
// Records an error at `at` when the warmup is not shorter than the load duration.
void check_warmup(yaml_reader& r, const YAML::Node& at, const scenario& s);

}  // namespace ragbench::loadgen::loader_support
