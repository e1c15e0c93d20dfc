#pragma once
// The settings rows for browser front ends: CORS (cors_origins, cors_max_age), the dev server (dev,
// dev_corpus) and fault injection (inject_latency, inject_errors). Appended to the one settings
// table by setting_table.cpp.
#include <string>
#include <string_view>
#include <vector>

#include "server/config/setting_table.hpp"

namespace ragbench::server {

void add_frontend_settings(std::vector<setting>& table);

// "*" or a comma-separated list of origins, each scheme://host[:port] (http or https, no path, no
// trailing slash). Empty text: no origins. Throws std::invalid_argument naming the bad item.
std::vector<std::string> parse_origins_value(std::string_view text);

// What --dev implies, applied to every setting not set explicitly (`explicit_names`: the names a
// file, the environment or a flag set): cors_origins "*", auth "off", store "memory", index "flat"
// (no hnsw build time: the corpus is searchable as it loads). Nothing when c.dev is false.
void apply_dev_defaults(server_config& c, const std::vector<std::string_view>& explicit_names);

}  // namespace ragbench::server
