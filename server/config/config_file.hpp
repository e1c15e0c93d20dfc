#pragma once
// Applies a YAML settings file (a flat mapping of setting names to values) to a server_config.
#include <map>
#include <string>
#include <string_view>

#include "server/config/server_config.hpp"

namespace ragbench::server {

// Where each setting's current value came from, by setting name ("default" when absent).
using setting_origins = std::map<std::string_view, std::string>;

// Reads `path` and applies every key through the settings table. Throws config_error naming the
// file, line and column for: unreadable file, YAML syntax error, a top level that is not a
// mapping, unknown key (with a suggestion), duplicate key, missing value, a value that is a
// mapping, and any value the setting rejects. A list is accepted for `cache` (tiers in order).
// An empty file changes nothing.
void apply_config_file(const std::string& path, server_config& config, setting_origins& origins);

}  // namespace ragbench::server
