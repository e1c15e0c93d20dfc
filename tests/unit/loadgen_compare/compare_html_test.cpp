// compare.html: golden file (assets replaced by markers), both sides' curves and the intervals in its
// data, and escaping of endpoint names and sources.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_html.hpp"
#include "loadgen/compare/compare_format.hpp"
#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/percentile_curve.hpp"
#include "unit/loadgen_compare/golden_comparison.hpp"
#include "unit/loadgen_report/html_golden.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

TEST_CASE("compare.html matches its golden file", "[compare][html]") {
  const auto sides = golden_runs();
  check_html_golden(render_compare_html(golden_comparison(), sides.baseline, sides.candidate), "compare/compare.html");
}

TEST_CASE("compare.html overlays both sides' percentile curves and draws every interval", "[compare][html]") {
  const auto sides = golden_runs();
  const auto c = golden_comparison();
  const auto html = render_compare_html(c, sides.baseline, sides.candidate);
  CHECK(html.find(std::string(html_assets::compare_js())) != std::string::npos);
  CHECK(html.find(std::string(html_assets::chart_js())) != std::string::npos);
  CHECK_THAT(html, Catch::Contains("<table id=\"verdict-table\">") && Catch::Contains(describe_outcome(c)));
  const auto j = page_data(html);
  REQUIRE(j["endpoints"].size() == 5);  // all, search, upload, export, chat
  const auto& all = j["endpoints"][0];
  CHECK(all["name"] == "all");
  hdr_histogram base_all, cand_all;
  for (const auto& r : sides.baseline) base_all.add(*r.find("all")->latency);
  for (const auto& r : sides.candidate) cand_all.add(*r.find("all")->latency);
  CHECK(all["baseline"] == percentile_curve(base_all));
  CHECK(all["candidate"] == percentile_curve(cand_all));
  const auto& search = j["endpoints"][1];
  CHECK(search["name"] == "search");
  bool p50 = false;
  for (const auto& i : search["intervals"]) {
    CHECK(i["low"].get<double>() <= i["change"].get<double>());
    CHECK(i["change"].get<double>() <= i["high"].get<double>());
    if (i["metric"] == "p50") {
      p50 = true;
      CHECK(i["verdict"] == "worse");
      CHECK(i["change"].get<double>() > 15);  // 25 % slower
      CHECK(i["tolerance"] == 5.0);
    }
    CHECK(i["metric"] != "error_rate");  // a ratio's change is in points, not drawn with the relative ones
  }
  CHECK(p50);
  // export is missing from the candidate: a baseline curve, an empty candidate one, no intervals.
  const auto& gone = j["endpoints"][3];
  CHECK(gone["name"] == "export");
  CHECK(!gone["baseline"].empty());
  CHECK(gone["candidate"].empty());
  CHECK(gone["intervals"].empty());
}

TEST_CASE("compare.html escapes endpoint names and sources", "[compare][html]") {
  auto sides = golden_runs();
  const std::string evil = "</script><img src=x onerror=alert(1)>";
  for (auto* side : {&sides.baseline, &sides.candidate})
    for (auto& r : *side) {
      r.source = evil;
      for (auto& e : r.endpoints)
        if (e.name == "search") e.name = evil;
    }
  compare_options o;
  o.iterations = 200;
  const auto c = compare_runs(sides.baseline, sides.candidate, o);
  const auto html = render_compare_html(c, sides.baseline, sides.candidate);
  std::size_t scripts = 0;
  for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) ++scripts;
  CHECK(scripts == 4);
  CHECK(html.find("<img") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(page_data(html)["endpoints"][1]["name"] == evil);
}
