// The scraped server series in the reports: server KPIs (parse and evaluate), server_metrics.json and
// its read-back, summary.json's server section and report.md's table (golden files).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loadgen/report/run_dir.hpp"
#include "loadgen/report/server_figures.hpp"
#include "loadgen/report/server_metrics_json.hpp"
#include "loadgen/report/summary_json.hpp"
#include "sample_run.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;
namespace fs = std::filesystem;

namespace {

kpi server_kpi(std::string_view text) {
  auto r = parse_kpi(text, "server");
  if (auto* e = std::get_if<kpi_parse_error>(&r)) FAIL("'" << text << "': " << e->what());
  return std::get<kpi>(r);
}

std::string parse_error(std::string_view text) {
  auto r = parse_kpi(text, "server");
  if (std::holds_alternative<kpi>(r)) return "(parsed)";
  return std::get<kpi_parse_error>(r).what();
}

server_metrics sample_server() {
  server_metrics m;
  m.sources = {"http://127.0.0.1:8080/metrics"};
  m.interval_s = 1;
  m.scrapes = 21;
  m.failed_scrapes = 1;
  server_series cpu{"cpu_seconds_rate", "", {}};
  server_series hit{"cache_hit_ratio{tier=lru}", "ratio", {}};
  server_series rss{"rss_bytes", "bytes", {}};
  server_series ttft{"server_ttft_p95{route=/v1/chat}", "s", {}};
  server_series rate{"request_rate{route=/v1/query}", "1/s", {}};
  for (int t = 1; t <= 20; ++t) {
    cpu.points.emplace_back(t, 0.5 + 0.01 * t);
    hit.points.emplace_back(t, t < 10 ? 0.1 * t : 0.9);  // warming up, then 0.9
    rss.points.emplace_back(t, 100.0 * (1 << 20) + t * 4096);
    ttft.points.emplace_back(t, 0.25 - 0.005 * t);
    rate.points.emplace_back(t, 100 + t);
  }
  m.series = {cpu, hit, rss, ttft, rate};
  return m;
}

run_result run_with_server() {
  auto run = testing::sample_run();
  run.server = sample_server();
  std::vector<kpi> kpis{server_kpi("cpu_seconds_rate < 0.8"), server_kpi("cache_hit_ratio{tier=lru} >= 0.7 after 10s"),
                        server_kpi("cache_hit_ratio{tier=l1} >= 0.7")};
  evaluate_kpis(run, kpis);
  return run;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("server KPIs: a series name with labels, a comparison, a unit and 'after'", "[report][kpi][server]") {
  auto k = server_kpi("cpu_seconds_rate < 0.8");
  CHECK(k.metric == kpi_metric::server_series);
  CHECK(k.server_series == "cpu_seconds_rate");
  CHECK(k.threshold == Approx(0.8));
  CHECK(k.server_unit.empty());
  CHECK(k.display() == "server: cpu_seconds_rate < 0.8");
  k = server_kpi(" cache_hit_ratio{ tier = lru } >= 70% after 30s ");
  CHECK(k.server_series == "cache_hit_ratio{tier=lru}");
  CHECK(server_series_base(k) == "cache_hit_ratio");
  CHECK(k.op == kpi_op::ge);
  CHECK(k.threshold == Approx(0.7));
  CHECK(k.server_unit == "ratio");
  CHECK(k.after_s == 30);
  CHECK(server_kpi("server_ttft_p95{route=/v1/chat} < 500ms").threshold == Approx(0.5));
  CHECK(server_kpi("server_ttft_p95{route=/v1/chat} < 500ms").server_unit == "s");
  CHECK(server_kpi("rss_bytes < 512MiB").threshold == 512.0 * (1 << 20));
  CHECK(server_kpi("rss_bytes < 512MiB").server_unit == "bytes");
  CHECK(server_kpi("request_rate{route=/v1/query,method=GET} > 10/s").server_unit == "1/s");
  CHECK(kpi_unit(server_kpi("rss_bytes < 1GB")) == "B");

  CHECK(parse_error("") == "column 1: empty KPI expression; expected e.g. 'cpu_seconds_rate < 0.8'");
  CHECK_THAT(parse_error("< 3"), Catch::Contains("column 1: expected a scraped series name"));
  CHECK_THAT(parse_error("x{a=b < 3"), Catch::Contains("unclosed '{'"));
  CHECK_THAT(parse_error("x{a} < 3"), Catch::Contains("labels are written {name=value,...}"));
  CHECK_THAT(parse_error("x 3"), Catch::Contains("expected a comparison"));
  CHECK_THAT(parse_error("x < big"), Catch::Contains("expected a non-negative number"));
  CHECK_THAT(parse_error("x < 3parsecs"), Catch::Contains("unknown unit 'parsecs'"));
  CHECK_THAT(parse_error("x < 3 after"), Catch::Contains("expected a duration after 'after'"));
  CHECK_THAT(parse_error("x < 3 before 2s"), Catch::Contains("only 'after <duration>' may follow"));
}

TEST_CASE("server KPIs: the mean of the series' points (from 'after' on), or a clear reason", "[report][kpi][server]") {
  const auto run = run_with_server();
  REQUIRE(run.kpis.size() == 3);
  const auto& cpu = run.kpis[0];
  CHECK(cpu.expr == "server: cpu_seconds_rate < 0.8");
  CHECK(cpu.value == Approx(0.605));  // mean of 0.51 .. 0.70
  CHECK(cpu.pass);
  const auto& hit = run.kpis[1];
  CHECK(hit.value == Approx(0.9));  // seconds 10..20 only: the warm-up is left out
  CHECK(hit.pass);
  CHECK(hit.unit == "");
  const auto& missing = run.kpis[2];
  CHECK_FALSE(missing.pass);
  CHECK(missing.message == "the series 'cache_hit_ratio{tier=l1}' was not scraped; scraped: cache_hit_ratio{tier=lru}");
  CHECK(run.verdict == "fail");
  CHECK_THAT(run.verdict_reason, Catch::Contains("cache_hit_ratio{tier=l1}"));

  auto plain = testing::sample_run();
  auto r = evaluate_kpi(server_kpi("cpu_seconds_rate < 0.8"), plain);
  CHECK_FALSE(r.pass);
  CHECK_THAT(r.message, Catch::Contains("no server metrics in this run"));
  plain.server = sample_server();
  r = evaluate_kpi(server_kpi("cpu_seconds_rate < 0.8 after 25s"), plain);
  CHECK_FALSE(r.pass);
  CHECK(r.message == "no points of 'cpu_seconds_rate' at or after second 25");
  r = evaluate_kpi(server_kpi("cpu_seconds_rate < 80%"), plain);
  CHECK_FALSE(r.pass);
  CHECK(r.message == "the threshold is in ratio but the series is in a plain number");
  r = evaluate_kpi(server_kpi("server_ttft_p95{route=/v1/chat} < 200ms"), plain);
  CHECK(r.pass);
  CHECK(r.unit == "s");
  CHECK(r.value == Approx(0.1975));
  CHECK(evaluate_kpi(server_kpi("nothing_like_it > 0"), plain).message == "the series 'nothing_like_it' was not scraped (5 series were)");
}

TEST_CASE("server series figures: min, mean, max, last over a window", "[report][server]") {
  const server_series s{"x", "", {{0, 4}, {1, 2}, {2, 6}, {3, 1}}};
  const auto all = figures_of(s);
  CHECK(all.points == 4);
  CHECK(all.min == 1);
  CHECK(all.max == 6);
  CHECK(all.mean == Approx(3.25));
  CHECK(all.last == 1);
  const auto late = figures_of(s, 2.0);
  CHECK(late.points == 2);
  CHECK(late.mean == Approx(3.5));
  CHECK(figures_of(s, 9.0).points == 0);
}

TEST_CASE("server_metrics.json is written beside the others and reads back", "[report][server]") {
  const auto run = run_with_server();
  ragbench::testing::temp_dir dir;
  write_run_dir(run, dir.path());
  REQUIRE(fs::exists(dir.path() / "server_metrics.json"));
  const auto back = read_run_dir(dir.path());
  REQUIRE(back.server.has_value());
  CHECK(*back.server == *run.server);
  CHECK(back == run);
  // Without scraping there is no file, and a directory without it reads back without server metrics.
  ragbench::testing::temp_dir plain_dir;
  write_run_dir(testing::sample_run(), plain_dir.path());
  CHECK_FALSE(fs::exists(plain_dir.path() / "server_metrics.json"));
  CHECK_FALSE(read_run_dir(plain_dir.path()).server.has_value());
  CHECK_FALSE(to_summary_json(testing::sample_run()).contains("server"));
}

TEST_CASE("server_metrics.json: bad files are refused naming the file and field", "[report][server]") {
  auto error_of = [](nlohmann::json j) {
    try {
      server_metrics_from_json(j, "sm.json");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  auto good = to_server_metrics_json(sample_server());
  CHECK(error_of(good) == "(accepted)");
  auto j = good;
  j["schema"] = "other/v9";
  CHECK(error_of(j) == "sm.json: schema: expected \"ragbench.loadgen.server_metrics/v1\"");
  j = good;
  j.erase("scrapes");
  CHECK(error_of(j) == "sm.json: scrapes: missing");
  j = good;
  j["failed_scrapes"] = 99;
  CHECK(error_of(j) == "sm.json: failed_scrapes: more than scrapes");
  j = good;
  j["series"][1]["points"][3] = {1.0};
  CHECK(error_of(j) == "sm.json: series[1].points[3]: expected [seconds, value]");
  j = good;
  j["series"][0]["points"][2][0] = 0.5;
  CHECK(error_of(j) == "sm.json: series[0].points[2]: points out of time order");
  j = good;
  j["series"][0]["points"][0][1] = "x";
  CHECK(error_of(j) == "sm.json: series[0].points[0][1]: expected a number");
  j = good;
  j["series"][2].erase("unit");
  CHECK(error_of(j) == "sm.json: series[2].unit: missing");
  CHECK(error_of(nlohmann::json::array()) == "sm.json: (top level): expected an object");
}

TEST_CASE("summary.json's server section and report.md's table match the golden files", "[report][server]") {
  const auto run = run_with_server();
  const auto summary = to_summary_json(run);
  const auto& server = summary["server"];
  CHECK(server["scrapes"] == 21);
  CHECK(server["failed_scrapes"] == 1);
  CHECK(server["interval_s"] == 1);
  CHECK(server["sources"][0] == "http://127.0.0.1:8080/metrics");
  CHECK(server["series"]["cache_hit_ratio{tier=lru}"]["unit"] == "ratio");
  CHECK(server["series"]["cache_hit_ratio{tier=lru}"]["points"] == 20);
  CHECK(server["series"]["cache_hit_ratio{tier=lru}"]["min"] == 0.1);
  CHECK(server["series"]["cache_hit_ratio{tier=lru}"]["max"] == 0.9);
  CHECK(server["series"]["cache_hit_ratio{tier=lru}"]["last"] == 0.9);

  const auto [format, file] =
      GENERATE(table<std::string, std::string>({{"json", "server-summary.json"}, {"md", "server-report.md"}}));
  const fs::path golden = fs::path(RAGBENCH_SOURCE_DIR) / "tests/golden/loadgen" / file;
  const auto rendered = render(run, format);
  if (std::getenv("RAGBENCH_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << rendered;
  INFO("golden file " << golden << " (set RAGBENCH_UPDATE_GOLDEN=1 to rewrite)");
  REQUIRE(fs::exists(golden));
  CHECK(rendered == slurp(golden));
}
