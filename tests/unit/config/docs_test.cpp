// docs/ragserver-config.md is generated from the settings table; this test keeps it from drifting.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "server/config/config_parser.hpp"

TEST_CASE("docs/ragserver-config.md is up to date", "[config][docs]") {
  const std::string path = std::string(RAGBENCH_SOURCE_DIR) + "/docs/ragserver-config.md";
  const std::string expected = ragbench::server::help_markdown();
  if (const char* update = std::getenv("RAGBENCH_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::ofstream(path) << expected;
  }
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream actual;
  actual << in.rdbuf();
  INFO("regenerate with: RAGBENCH_UPDATE_DOCS=1 unit_config '[docs]'");
  CHECK(actual.str() == expected);
}
