#pragma once
// Reading a result file a test's run wrote (summary.json, histograms.json, ...): fails the test (REQUIRE)
// when the file cannot be opened, throws nlohmann::json::parse_error when it is not JSON.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace ragbench::testing {

inline nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  INFO("reading " << path.string());
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace ragbench::testing
