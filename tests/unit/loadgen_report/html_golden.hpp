#pragma once
// Golden-file helpers for the HTML pages (report.html, compare.html, capacity.html): the inlined assets
// (Chart.js, the style and the page scripts) are replaced by one-line markers, so a golden file holds
// what the C++ writes -- the frame, the escaped static part and the data -- and not 200 KB of library.
// The assets themselves are exercised by the browser test (tests/scripts/html_reports_browser_test.sh).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/report/html/html_assets.hpp"

namespace ragbench::loadgen::testing {

inline std::string without_assets(std::string html) {
  namespace a = html_assets;
  const std::pair<std::string_view, const char*> assets[] = {
      {a::chart_js(), "chart.js"},       {a::style_css(), "style.css"},     {a::charts_js(), "charts.js"},
      {a::report_js(), "report.js"},     {a::compare_js(), "compare.js"},   {a::capacity_js(), "capacity.js"},
      {a::live_js(), "live.js"}};
  for (const auto& [text, name] : assets) {
    const auto at = html.find(text);
    if (at != std::string::npos) html.replace(at, text.size(), std::string("/* inlined: ") + name + " */");
  }
  return html;
}

// The JSON of <script id="page-data" type="application/json">...</script>, parsed.
inline nlohmann::json page_data(const std::string& html) {
  const std::string open = "<script id=\"page-data\" type=\"application/json\">";
  const auto from = html.find(open);
  REQUIRE(from != std::string::npos);
  const auto to = html.find("</script>", from);
  REQUIRE(to != std::string::npos);
  return nlohmann::json::parse(html.substr(from + open.size(), to - from - open.size()));
}

// Compares `rendered` (assets replaced) with tests/golden/loadgen/<name>; RAGBENCH_UPDATE_GOLDEN=1 rewrites it.
inline void check_html_golden(const std::string& rendered, const std::string& name) {
  const std::string text = without_assets(rendered);
  const auto golden = std::filesystem::path(RAGBENCH_SOURCE_DIR) / "tests/golden/loadgen" / name;
  if (std::getenv("RAGBENCH_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << text;
  }
  INFO("golden file " << golden << " (set RAGBENCH_UPDATE_GOLDEN=1 to rewrite)");
  REQUIRE(std::filesystem::exists(golden));
  std::ifstream in(golden, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(text == s.str());
}

}  // namespace ragbench::loadgen::testing
