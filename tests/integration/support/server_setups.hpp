#pragma once
// The ragserver configurations the route contract tests run over: every store, cache tier and
// pool strategy (issue 5 asks the server contract to hold for each). Backing services start only
// when a configuration that needs them is first used: one redis-server and one PostgreSQL per
// test binary, a fresh PostgreSQL schema and an empty Redis for every server started.
#include <functional>
#include <string>
#include <vector>

namespace ragbench::testing {

struct server_setup {
  std::string name;            // for INFO/SECTION output, e.g. "postgres store, elastic pool"
  std::string store;           // expected /health/detailed store strategy
  std::string cache;           // expected /health/detailed cache strategy
  std::string repeat_tier;     // what /v1/query's "cache" says for an exact repeat ("miss" with none)
  std::function<std::vector<std::string>()> args;  // ragserver flags; may start backing services
};

// Every configuration, the embedded default first.
const std::vector<server_setup>& server_setups();

}  // namespace ragbench::testing
