#pragma once
// Parsing of one request step (a task, an on_start step or a sequence step): method, path, query,
// headers, json/body, timeout, tags, capture, check, and how its response streams (stream,
// token_event, slo). Templates are compiled against `scope`.
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/template_compiler.hpp"
#include "loadgen/scenario/yaml_reader.hpp"

namespace ragbench::loadgen {

struct request_parse_context {
  template_scope scope;                       // what templates may refer to at this step
  std::vector<std::string>* variables = nullptr;  // capture slot table (scenario::variables)
  std::string base_path;                      // target's base path, prefixed to every path
};

// Keys a request step accepts (a task adds `weight`, `sequence`).
inline constexpr std::string_view request_keys[] = {
    "name", "method", "path", "query",   "headers", "json",    "body",
    "content_type", "timeout", "max_body", "tags", "capture", "check",
    "stream", "token_event", "slo"};

// Parses the request keys of mapping `n` (unknown-key checking is the caller's). Records errors in
// `r`. The step's captures are allocated slots in ctx.variables but NOT added to ctx.scope; the caller
// does that for the steps that follow.
request_spec parse_request(yaml_reader& r, const YAML::Node& n, const std::string& field, request_parse_context& ctx);

// A header list {Name: template, ...}; values compiled with escape_mode::none.
std::vector<std::pair<std::string, compiled_template>> parse_headers(yaml_reader& r, const YAML::Node& n,
                                                                      const std::string& field,
                                                                      const template_scope& scope);

// A YAML structure serialised as a JSON template: quoted scalars are strings, plain scalars that read
// as null/bool/number stay so, string values get JSON-escaped substitutions. A string that is exactly
// one {{random_int(..)}}, {{user_id}} or {{iteration}} is emitted as a bare number.
compiled_template compile_json_body(yaml_reader& r, const YAML::Node& n, const std::string& field,
                                    const template_scope& scope);

}  // namespace ragbench::loadgen
