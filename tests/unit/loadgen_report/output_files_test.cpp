// Where results go by default, and the one file writer: content replaced, failures named with the path.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/run_dir.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;
using Catch::Matchers::Contains;

TEST_CASE("default_out_dir: reports/runs/KIND-timestamp in UTC", "[report][files]") {
  // 2026-12-04 20:11:44 UTC
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(1796415104));
  CHECK(default_out_dir("", at) == "reports/runs/20261204-201144");
  CHECK(default_out_dir("ab", at) == "reports/runs/ab-20261204-201144");
  CHECK(default_out_dir("capacity", at) == "reports/runs/capacity-20261204-201144");
  CHECK(default_out_dir().rfind("reports/runs/2", 0) == 0);
}

TEST_CASE("write_file replaces the content and names the path on failure", "[report][files]") {
  ragbench::testing::temp_dir dir;
  const auto file = dir.path() / "a.txt";
  write_file(file, "first, longer content\n");
  write_file(file, "second\n");
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "second\n");

  std::filesystem::create_directories(dir.path() / "taken");
  CHECK_THROWS_WITH(write_file(dir.path() / "taken", "x"), Contains("taken: cannot open for writing"));
  CHECK_THROWS_WITH(write_file(dir.path() / "missing" / "b.txt", "x"), Contains("b.txt: cannot open for writing"));
}
