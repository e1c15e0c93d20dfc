#pragma once
// Renderings of a comparison: a console table, compare.md (a PR comment), compare.json (schema
// ragbench.loadgen.compare/v2, documented in docs/loadgen-compare.md) and junit.xml (one test case per
// endpoint x metric, a failure on `worse`). Deterministic text: same comparison -> same bytes.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "loadgen/compare/comparison.hpp"

namespace ragbench::loadgen {

inline constexpr const char* compare_schema = "ragbench.loadgen.compare/v2";

std::string render_compare_table(const comparison& c);
std::string render_compare_markdown(const comparison& c);
nlohmann::json to_compare_json(const comparison& c);
std::string render_compare_junit(const comparison& c);

// Writes compare.md, compare.json and junit.xml into dir (created if needed). Throws std::runtime_error
// naming the file on I/O error.
void write_compare_files(const comparison& c, const std::filesystem::path& dir);

}  // namespace ragbench::loadgen
