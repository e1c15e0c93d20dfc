// `--scrape URL` end to end in-process: the run scrapes a small server's /metrics beside the load,
// writes server_metrics.json and the summary's server section, says one console line, judges server
// KPIs; a failing scrape never fails the run; server KPIs are checked before any traffic.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

// /metrics answers a counter that grows by 100 per scrape and a gauge; anything else answers "ok".
test::test_http_server::policy metrics_and_ok(std::atomic<int>& scrapes) {
  return [&scrapes](std::size_t, const std::string& head) {
    test::server_action a;
    if (head.starts_with("GET /metrics ")) {
      const int n = scrapes++;
      a.body = "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + std::to_string(n * 0.1) +
               "\n# TYPE http_requests_total counter\nhttp_requests_total{route=\"/\",method=\"GET\",status=\"200\"} " +
               std::to_string(n * 100) + "\n# TYPE index_vectors gauge\nindex_vectors 42\n";
    }
    return a;
  };
}

std::string scenario_text(const std::string& target, const std::string& extra) {
  return "name: scrape\ntarget: " + target + "\nload: {users: 1, spawn_rate: 100, duration: 2500ms}\n"
         "tasks:\n  - {name: get, method: GET, path: /}\n" + extra;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("run --scrape: the series, the files, the console line and a server KPI", "[cli][scrape]") {
  std::atomic<int> scrapes{0};
  test::test_http_server server(metrics_and_ok(scrapes));
  const std::string base = "http://127.0.0.1:" + std::to_string(server.endpoint().port());
  ragbench::testing::temp_dir dir;
  const auto file = dir.path() / "s.yaml";
  std::ofstream(file) << scenario_text(base, "scrape: {interval: 500ms}\nkpis:\n  - server: index_vectors == 42\n"
                                        "  - server: request_rate{route=/} > 50/s\n");
  const auto out = dir.path() / "run";
  auto c = cli({"run", file.string(), "--scrape", base + "/metrics", "--out", out.string(), "--quiet", "--threads", "1"});
  INFO(c.out << c.err);
  CHECK(c.code == exit_pass);
  CHECK_THAT(c.err, Catch::Contains("loadgen: server metrics: ") && Catch::Contains(" scrapes, 0 failed, 3 series"));
  CHECK_THAT(c.out, Catch::Contains("### Server metrics (scraped every 0.5 s from `" + base + "/metrics`"));

  const auto summary = read_json(out / "summary.json");
  REQUIRE(summary.contains("server"));
  CHECK(summary["server"]["failed_scrapes"] == 0);
  CHECK(summary["server"]["scrapes"].get<int>() >= 5);  // 2.5 s at 500 ms, the first at once
  CHECK(summary["server"]["series"]["index_vectors"]["mean"] == 42);
  // 100 requests per scrape every 0.5 s: ~200/s (the thread's timing moves it a little).
  CHECK(summary["server"]["series"]["request_rate{route=/}"]["mean"].get<double>() == Approx(200).epsilon(0.3));
  CHECK(summary["server"]["series"]["cpu_seconds_rate"]["unit"] == "");
  CHECK(summary["kpis"][0]["pass"] == true);
  CHECK(summary["kpis"][1]["pass"] == true);
  const auto series = read_json(out / "server_metrics.json");
  CHECK(series["schema"] == "ragbench.loadgen.server_metrics/v1");
  CHECK(series["series"].size() == 3);
  // `report` reads the directory back, server metrics included.
  auto again = cli({"report", out.string()});
  CHECK_THAT(again.out, Catch::Contains("| index_vectors |  | "));
}

TEST_CASE("run --scrape: a scrape that fails is counted and the run still passes", "[cli][scrape]") {
  std::atomic<int> scrapes{0};
  test::test_http_server server(metrics_and_ok(scrapes));
  const std::string base = "http://127.0.0.1:" + std::to_string(server.endpoint().port());
  ragbench::testing::temp_dir dir;
  const auto file = dir.path() / "s.yaml";
  std::ofstream(file) << scenario_text(base, "");
  const auto out = dir.path() / "run";
  // /nothing answers 200 "ok": not Prometheus text; port 9 refuses.
  auto c = cli({"run", file.string(), "--scrape", base + "/nothing", "--scrape", "http://127.0.0.1:9/metrics", "--out",
                out.string(), "--quiet", "--threads", "1", "--set", "scrape.interval=1s"});
  INFO(c.out << c.err);
  CHECK(c.code == exit_pass);
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["server"]["scrapes"].get<int>() >= 4);
  CHECK(summary["server"]["failed_scrapes"] == summary["server"]["scrapes"]);
  CHECK(summary["server"]["series"].empty());
  CHECK_THAT(c.err, Catch::Contains("warning: scrape " + base + "/nothing: ") &&
                        Catch::Contains("failed, the first: not Prometheus text: line 1: "));
  CHECK_THAT(c.err, Catch::Contains("warning: scrape http://127.0.0.1:9/metrics: ") &&
                        Catch::Contains("failed, the first: connect: Connection refused"));
}

TEST_CASE("server KPIs are checked against the scrape before any traffic", "[cli][scrape][setup]") {
  ragbench::testing::temp_dir dir;
  const auto file = dir.path() / "s.yaml";
  std::ofstream(file) << scenario_text("http://127.0.0.1:9", "kpis:\n  - server: cpu_seconds_rate < 0.8\n"
                                                        "  - server: cache_hit_ratio{tier=lru} > 0.5 after 1s\n"
                                                        "  - server: made_up_series < 1\n");
  try {
    prepare_scenario(file.string(), std::nullopt, std::nullopt, {});
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains(":7: kpi 'cpu_seconds_rate < 0.8': a server KPI needs the target's metrics: "
                                         "add --scrape URL or a scrape: block"));
  }
  scenario_extras extras;
  extras.scrape_urls = {"http://127.0.0.1:9/metrics"};
  try {
    prepare_scenario(file.string(), std::nullopt, std::nullopt, {}, extras);
    FAIL("no error");
  } catch (const scenario_error& e) {
    const std::string what = e.what();
    CHECK_THAT(what, !Catch::Contains("cpu_seconds_rate < 0.8"));
    CHECK_THAT(what, !Catch::Contains("kpi 'cache_hit_ratio"));
    CHECK_THAT(what, Catch::Contains(":9: kpi 'made_up_series < 1': no scraped series is named 'made_up_series' "
                                     "(the scrape keeps: cpu_seconds_rate, rss_bytes,"));
  }
  extras.scrape_urls = {"https://127.0.0.1:9/metrics"};
  CHECK_THROWS_WITH(prepare_scenario(file.string(), std::nullopt, std::nullopt, {}, extras),
                    Catch::Contains("--scrape https://127.0.0.1:9/metrics: https:// is not supported"));
  // validate takes --scrape too.
  std::ofstream(file) << scenario_text("http://127.0.0.1:9", "kpis:\n  - server: server_ttft_p95{route=/v1/chat} < 500ms\n");
  CHECK(cli({"validate", file.string()}).code == exit_usage_error);
  CHECK(cli({"validate", file.string(), "--scrape", "http://127.0.0.1:9/metrics"}).code == exit_pass);
}
