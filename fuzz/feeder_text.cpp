// loadgen's data feeders: the first input byte picks CSV (even) or JSON lines (odd); the rest is
// the file's text. A refusal must be a scenario_error naming the file and line; a table read must
// have a value for every column in every row (missing JSON-lines keys become "").
#include "fuzz_check.hpp"

#include "loadgen/scenario/feeder.hpp"
#include "loadgen/scenario/scenario_error.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ragbench::loadgen;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    feeder_table t = (data[0] & 1) ? parse_jsonl(text, "feed.jsonl") : parse_csv(text, "feed.csv");
    for (const auto& row : t.rows) FUZZ_CHECK(row.size() == t.columns.size(), "a row without a value per column");
  } catch (const scenario_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("feed.") != std::string_view::npos, "an error without the file name");
  }
  return 0;
}
