#pragma once
// ragserver's configuration entry point: defaults < YAML file (--config FILE or RAGSERVER_CONFIG)
// < environment RAGSERVER_<KEY> < command line --key value / --key=value. Every setting and its
// flag/env/YAML spelling comes from setting_table.hpp.
//
// main() does:  auto r = parse_server_config(argc, argv, process_environment());
//               if (r.action != config_action::run) { std::fputs(r.text.c_str(), stdout); return 0; }
// and maps config_error to exit code 2.
#include <functional>
#include <optional>
#include <string>

#include "server/config/config_error.hpp"
#include "server/config/server_config.hpp"

namespace ragbench::server {

// Returns the value of an environment variable, nullopt when unset. Injectable for tests.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;
// Reads the real process environment (std::getenv).
env_lookup process_environment();

enum class config_action {
  run,            // start the server with `config`
  help,           // --help / -h: print `text`
  help_markdown,  // --help-markdown: print `text` (the settings reference in Markdown)
  version,        // --version: print `text`
};

struct config_result {
  server_config config;
  config_action action = config_action::run;
  std::string text;         // what to print for help/version; empty for run
  std::string config_file;  // the YAML file that was read, empty if none
};

// Throws config_error (message names the source and the key) for an unknown flag, a missing
// value, an invalid value, a bad or unreadable config file, or inconsistent settings
// (chunk_overlap >= chunk_size). --help/--help-markdown/--version win over everything else.
config_result parse_server_config(int argc, const char* const* argv, const env_lookup& env);

std::string help_text();      // usage + every setting: flag, value shape, default, meaning
std::string help_markdown();  // docs/ragserver-config.md: flag, env, YAML key, default, meaning
std::string version_text();   // "ragserver 0.1.0\n"

}  // namespace ragbench::server
