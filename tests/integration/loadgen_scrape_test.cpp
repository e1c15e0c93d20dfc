// `loadgen run --scrape` against the real ragserver: the default series come back with values that
// follow the load (request rate by route, CPU, RSS, the LRU tier's hit ratio, index size), they land
// in server_metrics.json, summary.json and report.md, and server KPIs are judged on them: a series
// that was not scraped fails its KPI with the names that were.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

TEST_CASE("loadgen --scrape: ragserver's series beside the load, and server KPIs on them", "[integration][loadgen][scrape]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--threads", "1"});
  {
    std::ofstream scenario(dir.str() + "/scrape.yaml");
    scenario << "name: scrape\n"
                "target: " << server.url() << "\n"
                "load: {users: 4, spawn_rate: 100, duration: 4s}\n"
                "on_start:\n"
                "  - {name: upload, method: POST, path: /v1/documents,\n"
                "     json: {title: vacuum, content: 'VACUUM reclaims storage occupied by dead tuples.'}}\n"
                "tasks:\n"
                "  - {name: query, weight: 3, method: POST, path: /v1/query, json: {query: 'what does vacuum reclaim'}}\n"
                "  - {name: health, method: GET, path: /health}\n"
                "scrape: {interval: 500ms}\n"
                "kpis:\n"
                "  - server: request_rate{route=/v1/query} > 10/s\n"
                "  - server: cpu_seconds_rate < 4\n"
                "  - server: rss_bytes > 1MiB\n"
                "  - server: cache_hit_ratio{tier=lru} >= 0.5 after 1s\n"
                "  - server: cache_hit_ratio{tier=l1} >= 0.7\n"
                "  - all: error_rate < 1%\n";
  }
  const std::string out = dir.str() + "/run";
  child_process loadgen({build_dir() + "/bin/loadgen", "run", dir.str() + "/scrape.yaml", "--out", out, "--quiet",
                         "--threads", "1", "--scrape", server.url() + "/metrics"},
                        dir.str() + "/loadgen");
  const auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  INFO(loadgen.stdout_text() << loadgen.stderr_text());
  CHECK(*status == 1);  // the l1 KPI: ragserver's tiers are lru, redis, semantic
  CHECK_THAT(loadgen.stderr_text(), Catch::Contains("loadgen: server metrics: ") && Catch::Contains(" 0 failed"));

  const auto summary = read_json(out + "/summary.json");
  const auto& server_section = summary["server"];
  CHECK(server_section["sources"][0] == server.url() + "/metrics");
  CHECK(server_section["interval_s"] == 0.5);
  CHECK(server_section["scrapes"].get<int>() >= 8);  // 4 s every 500 ms, the first at once
  CHECK(server_section["failed_scrapes"] == 0);
  const auto& series = server_section["series"];
  INFO(series.dump(2));
  REQUIRE(series.contains("request_rate{route=/v1/query}"));
  CHECK(series["request_rate{route=/v1/query}"]["unit"] == "1/s");
  CHECK(series["request_rate{route=/v1/query}"]["max"].get<double>() > 10);
  CHECK(series["request_rate{route=/health}"]["mean"].get<double>() > 1);
  CHECK(series["cpu_seconds_rate"]["max"].get<double>() > 0);
  CHECK(series["rss_bytes"]["min"].get<double>() > 1 << 20);
  CHECK(series["rss_bytes"]["unit"] == "bytes");
  CHECK(series["index_vectors"]["last"].get<double>() >= 1);  // the users' uploads
  REQUIRE(series.contains("cache_hit_ratio{tier=lru}"));
  CHECK(series["cache_hit_ratio{tier=lru}"]["last"].get<double>() > 0.5);  // one query, asked again and again
  CHECK(series.contains("pool_in_use{pool=sqlite_readers}"));  // the embedded store's reader pool
  CHECK(series["pool_waiters{pool=sqlite_readers}"]["max"] == 0);

  const auto& kpis = summary["kpis"];
  REQUIRE(kpis.size() == 6);
  for (int i : {0, 1, 2, 3, 5}) {
    INFO(kpis[i].dump());
    CHECK(kpis[i]["pass"] == true);
  }
  CHECK(kpis[4]["pass"] == false);
  CHECK(kpis[4]["message"] == "the series 'cache_hit_ratio{tier=l1}' was not scraped; scraped: cache_hit_ratio{tier=lru}");

  const auto file = read_json(out + "/server_metrics.json");
  CHECK(file["schema"] == "ragbench.loadgen.server_metrics/v1");
  CHECK(file["series"].size() == series.size());
  std::ifstream md(out + "/report.md");
  std::stringstream text;
  text << md.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("### Server metrics (scraped every 0.5 s from `" + server.url() + "/metrics`"));
  CHECK_THAT(text.str(), Catch::Contains("| request_rate{route=/v1/query} | /s | "));
}
