// report.html and the live page: golden file (assets replaced by markers), the chart data against the
// statistics it comes from, and escaping of outside text (a scenario named "</script>" must not break out).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_text.hpp"
#include "loadgen/report/html/live_page.hpp"
#include "loadgen/report/html/percentile_curve.hpp"
#include "loadgen/report/html/run_chart_data.hpp"
#include "loadgen/report/html/run_report_html.hpp"
#include "loadgen/report/run_dir.hpp"
#include "sample_run.hpp"
#include "sample_server.hpp"
#include "sample_stream_run.hpp"
#include "unit/loadgen_report/html_golden.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using testing::page_data;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

run_result report_sample() {
  auto run = testing::sample_run();
  std::vector<kpi> kpis;
  for (auto [endpoint, text] : std::vector<std::pair<const char*, const char*>>{
           {"search", "p95 < 100ms after 5s"}, {"all", "error_rate < 0.1%"}}) {
    kpis.push_back(std::get<kpi>(parse_kpi(text, endpoint)));
  }
  evaluate_kpis(run, kpis);
  run.generator_valid = false;
  run.generator_reason = "3 scheduled starts dropped";
  run.settings["load"] = "open: constant 125/s for 20.00s";
  run.server = testing::sample_server();
  return run;
}

}  // namespace

TEST_CASE("report.html matches its golden file", "[report][html]") {
  testing::check_html_golden(render_html_report(report_sample()), "report.html");
  auto streamed = testing::sample_stream_run();
  testing::check_html_golden(render_html_report(streamed), "stream/report.html");
}

TEST_CASE("report.html is one self-contained page: Chart.js, style, scripts and data inline", "[report][html]") {
  const auto html = render(report_sample(), "html");
  CHECK(html == render_html_report(report_sample()));
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find(std::string(html_assets::chart_js())) != std::string::npos);
  CHECK(html_assets::chart_js().find("Chart.js v3.9.1") != std::string_view::npos);
  CHECK(html_assets::chart_js().size() > 150000);
  CHECK(html.find(std::string(html_assets::report_js())) != std::string::npos);
  // Nothing to fetch: no src=/href= at all, and a policy that forbids connections.
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find(" href=") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("connect-src 'none'"));
  CHECK(occurrences(html, "<script") == 4);
  CHECK(occurrences(html, "</script>") == 4);
  // The static part a reader sees without scripts.
  CHECK_THAT(html, Catch::Contains("knowledge-assistant") && Catch::Contains("not trustworthy: 3 scheduled starts dropped") &&
                       Catch::Contains("<table id=\"kpi-table\">") && Catch::Contains("<table id=\"endpoint-table\">") &&
                       Catch::Contains("Why requests failed"));
  for (const char* grid : {"latency", "throughput", "percentiles", "status", "server"})
    CHECK_THAT(html, Catch::Contains(std::string("data-charts=\"") + grid + "\""));
  CHECK_THAT(html, Catch::Contains("Scraped http://127.0.0.1:8080/metrics every 1.0 s: 20 scrapes, 1 failed."));
  CHECK_THAT(html, !Catch::Contains("data-charts=\"streams\""));
  CHECK_THAT(render_html_report(testing::sample_stream_run()), Catch::Contains("data-charts=\"streams\""));
}

TEST_CASE("report.html's chart data follows the run's statistics", "[report][html]") {
  const auto run = report_sample();
  const auto j = page_data(render_html_report(run));
  CHECK(j == run_chart_data(run));
  CHECK(j["x_max"] == 20);
  REQUIRE(j["seconds"].size() == 20);
  CHECK(j["seconds"][0] == 1);  // each second drawn at its end
  REQUIRE(j["endpoints"].size() == 2);
  const auto& search = j["endpoints"][0];
  CHECK(search["name"] == "search");
  for (std::size_t s = 0; s < 20; ++s) CHECK(search["requests"][s] == 100);
  // The per-second p50 of the search endpoint: 10x slower in the 5 s warm-up, and within the coarse
  // buckets' 1.6 % of the exact value of that second's latencies (1 + (i*37 % 100) * 0.99 ms).
  const double exact_p50 = 1 + 49 * 0.99;  // the 50th of 100 values 1, 1.99, ... 99.01 ms
  CHECK(search["p50"][0].get<double>() == Approx(10 * exact_p50).epsilon(0.016));
  CHECK(search["p50"][10].get<double>() == Approx(exact_p50).epsilon(0.016));
  CHECK(search["p99"][10].get<double>() > search["p95"][10].get<double>());
  const auto& query = j["endpoints"][1];
  CHECK(query["failures"][0] == 5);  // i = 0, 20, 40, 60, 80 of each second
  CHECK(query["status"]["503"] == 40);
  CHECK(query["status"]["no response"] == 60);
  CHECK(query["errors"]["timeout"] == 60);
  CHECK(query["errors"]["status"] == 40);
  CHECK(j["all"]["requests"][3] == 125);
  // The load applied: 125 starts a second, 2 late in each warm-up second, a user started in each of them
  // (a running total), and the 3 starts dropped at the end shown in the last second.
  CHECK(j["model"] == "open");
  const auto& load = j["load"];
  REQUIRE(load["scheduled"].size() == 20);
  CHECK(load["scheduled"][0] == 125);
  CHECK(load["scheduled"][19] == 125);
  CHECK(load["late"][4] == 2);
  CHECK(load["late"][5] == 0);
  CHECK(load["users"][0] == 1);
  CHECK(load["users"][19] == 5);
  CHECK(load["dropped"][18] == 0);
  CHECK(load["dropped"][19] == 3);
  // The curve ends at the maximum, at x = the request count.
  const auto& curve = search["curve"];
  CHECK(curve.back()[0] == 2000);
  CHECK(curve.back()[1].get<double>() == Approx(run.stats.endpoints[0].latency.max() / 1e6).margin(0.001));
  // The server series as scraped, on the same time axis.
  REQUIRE(j["server"]["series"].size() == 2);
  CHECK(j["server"]["series"][0]["name"] == "cache_hit_ratio{tier=l1}");
  CHECK(j["server"]["series"][0]["points"].size() == 19);
  CHECK(j["server"]["series"][0]["points"][0] == nlohmann::json::array({1.0, 0.05}));
  CHECK(j["server"]["failed_scrapes"] == 1);
  auto unscraped = run;
  unscraped.server.reset();
  CHECK(run_chart_data(unscraped)["server"].is_null());
}

TEST_CASE("a second without requests is a gap in the percentile lines, not a zero", "[report][html]") {
  run_result run;
  run.scenario = "gaps";
  run.duration_s = 3;
  endpoint_stats e;
  e.name = "a";
  hdr_histogram one;
  one.record(5'000'000);
  e.series.append(0, 1, 0, one);
  e.series.append(2, 1, 0, one);
  e.latency.record(5'000'000, 2);
  e.requests = 2;
  run.stats.endpoints.push_back(e);
  const auto j = run_chart_data(run);
  CHECK(j["endpoints"][0]["requests"] == nlohmann::json::array({1, 0, 1}));
  CHECK(j["endpoints"][0]["p50"][1].is_null());
  CHECK(j["endpoints"][0]["p50"][0].get<double>() == Approx(5.0).epsilon(0.016));
}

TEST_CASE("coarse_percentile_ns picks the bucket holding the rank", "[report][html]") {
  CHECK(coarse_percentile_ns({}, 50) == 0);
  // coarse bucket c spans hdr buckets 4c..4c+3; below 128 ns an hdr bucket is one value wide.
  const std::vector<std::pair<std::uint16_t, std::uint32_t>> b = {{1, 50}, {10, 49}, {20, 1}};
  CHECK(coarse_percentile_ns(b, 50) == 5);   // [4, 7] -> 5
  CHECK(coarse_percentile_ns(b, 51) == 41);  // [40, 43] -> 41
  CHECK(coarse_percentile_ns(b, 100) == 81); // [80, 83] -> 81
}

TEST_CASE("percentile_curve: ten points per nine, then the maximum", "[report][html]") {
  hdr_histogram h;
  CHECK(percentile_curve(h).empty());
  for (std::uint64_t v = 1; v <= 1000; ++v) h.record(v * 1'000'000);  // 1..1000 ms
  const auto c = percentile_curve(h);
  REQUIRE(c.size() == 31);  // x = 10^(k/10) < 1000 for k = 0..29, then the maximum
  CHECK(c[0] == nlohmann::json::array({1.0, 1.0}));  // q = 0: the minimum
  CHECK(c[10][0] == 10.0);
  CHECK(c[10][1].get<double>() == Approx(900).epsilon(0.005));  // p90
  CHECK(c[20][1].get<double>() == Approx(990).epsilon(0.005));  // p99
  CHECK(c.back() == nlohmann::json::array({1000.0, 1000.0}));
  for (std::size_t i = 1; i < c.size(); ++i) {
    CHECK(c[i][0].get<double>() > c[i - 1][0].get<double>());
    CHECK(c[i][1].get<double>() >= c[i - 1][1].get<double>());
  }
}

TEST_CASE("html_escape and script_json keep outside text inside its element", "[report][html]") {
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(html_escape("plain ü") == "plain ü");
  const nlohmann::json j = {{"name", "</script><!-- & \u2028"}, {"n", 1}};
  const auto text = script_json(j);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('>') == std::string::npos);
  CHECK(text.find('&') == std::string::npos);
  CHECK(text.find("\\u2028") != std::string::npos);
  CHECK(nlohmann::json::parse(text) == j);
  // Invalid UTF-8 from a server does not stop the report.
  CHECK(nlohmann::json::parse(script_json({{"x", std::string("bad \xff byte")}}))["x"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("report.html escapes every name: a scenario called </script> does not break the page", "[report][html]") {
  auto run = report_sample();
  const std::string evil = "</script><script>alert(1)</script><!--";
  run.scenario = evil;
  run.target = "http://x/\"><img src=x onerror=alert(2)>";
  run.verdict_reason = evil;
  run.generator_reason = evil;
  run.stats.endpoints[0].name = "<b>search</b>" + evil;
  run.stats.endpoints[1].reasons.add(evil, 500, evil);
  run.server->series[0].name = evil;
  run.server->sources = {evil};
  run.settings["profile"] = evil;
  run.kpis[0].expr = evil;
  const auto html = render_html_report(run);
  CHECK(occurrences(html, "<script") == 4);
  CHECK(occurrences(html, "</script>") == 4);
  CHECK(html.find("<!--") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--"));
  // The data still says exactly what the run said.
  const auto j = page_data(html);
  CHECK(j["endpoints"][0]["name"] == run.stats.endpoints[0].name);
  CHECK(j["server"]["series"][0]["name"] == evil);
  CHECK(j["server"]["sources"][0] == evil);
}

TEST_CASE("the live page connects to /events, stops with POST /stop and says when the run finished", "[report][html]") {
  const auto html = render_live_page();
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find(std::string(html_assets::chart_js())) != std::string::npos);
  CHECK(html.find(std::string(html_assets::live_js())) != std::string::npos);
  CHECK_THAT(html, Catch::Contains("connect-src 'self'") && Catch::Contains("data-page=\"live\"") &&
                       Catch::Contains("Stop run"));
  const auto js = std::string(html_assets::live_js());
  CHECK_THAT(js, Catch::Contains("new EventSource('/events')") && Catch::Contains("fetch('/stop', { method: 'POST' })") &&
                     Catch::Contains("'run finished'"));
  for (const char* field : {"elapsed_s", "total_s", "open_model", "users", "target_rate", "requests", "failures", "p50_ms",
                            "p95_ms", "p99_ms", "dropped", "late", "total_requests", "total_failures", "done"})
    CHECK_THAT(js, Catch::Contains(field));
  CHECK(html == render_live_page());
}
