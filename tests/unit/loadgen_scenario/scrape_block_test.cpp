// The scrape: block of scenarios and profiles, and --set scrape / scrape.interval: what it keeps, and
// what it refuses with file, line and field.
#include <catch2/catch.hpp>

#include <string>

#include "loadgen/scenario/scenario_loader.hpp"

using namespace ragbench::loadgen;

namespace {

const std::string head = "target: http://127.0.0.1:8080\nload: {users: 2, duration: 5s}\ntasks:\n  - {name: get, path: /}\n";

std::string error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "s.yaml");
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> names(const std::vector<series_selector>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(s.name);
  return out;
}

}  // namespace

TEST_CASE("scrape: a URL alone scrapes every second with the ragserver series", "[loader][scrape]") {
  const auto s = parse_scenario(head + "scrape: http://127.0.0.1:8080/metrics\n", "s.yaml");
  REQUIRE(s.scrape.enabled());
  CHECK(s.scrape.urls[0].port == 8080);
  CHECK(s.scrape.interval == std::chrono::seconds(1));
  CHECK(names(effective_series(s.scrape)) ==
        std::vector<std::string>{"cpu_seconds_rate", "rss_bytes", "request_rate", "cache_hit_ratio", "pool_in_use",
                                 "pool_waiters", "index_vectors", "server_ttft"});
  CHECK_FALSE(parse_scenario(head, "s.yaml").scrape.enabled());
}

TEST_CASE("scrape: urls, interval and series as written", "[loader][scrape]") {
  const auto s = parse_scenario(head +
                                    "scrape:\n"
                                    "  urls: [http://127.0.0.1:8080/metrics, 'http://127.0.0.1:9100/metrics']\n"
                                    "  interval: 500ms\n"
                                    "  series:\n"
                                    "    - process_open_fds\n"
                                    "    - {name: hits, metric: cache_requests_total, by: [tier], ratio_of: {result: hit}}\n"
                                    "    - {name: ttft, metric: llm_time_to_first_token_seconds, quantiles: [0.5, 0.999]}\n"
                                    "    - {metric: pool_connections, match: {state: in_use}, unit: ratio}\n",
                                "s.yaml");
  REQUIRE(s.scrape.urls.size() == 2);
  CHECK(s.scrape.interval == std::chrono::milliseconds(500));
  CHECK_FALSE(s.scrape.ragserver_defaults);
  const auto& v = s.scrape.series;
  REQUIRE(v.size() == 4);
  CHECK(v[0].name == "process_open_fds");
  CHECK(v[0].metric == "process_open_fds");
  CHECK(v[1].by == std::vector<std::string>{"tier"});
  CHECK(v[1].ratio_of == label_matchers{{"result", "hit"}});
  CHECK(v[2].quantiles == std::vector<double>{0.5, 0.999});
  CHECK(series_base_names(v[2]) == std::vector<std::string>{"ttft", "ttft_p50", "ttft_p99.9", "ttft_mean"});
  CHECK(v[3].name == "pool_connections");
  CHECK(v[3].match == label_matchers{{"state", "in_use"}});
  CHECK(v[3].unit == "ratio");
  // `defaults` keeps the ragserver series beside the listed ones.
  const auto d = parse_scenario(head + "scrape: {urls: http://h:1/m, series: [defaults, process_open_fds]}\n", "s.yaml");
  CHECK(effective_series(d.scrape).size() == ragserver_default_series().size() + 1);
}

TEST_CASE("scrape: bad blocks are refused with file, line and field", "[loader][scrape]") {
  using row = std::pair<std::string, std::string>;
  auto [block, expected] = GENERATE(
      row{"scrape: https://h/metrics\n", "s.yaml:5: scrape: https:// is not supported: scrape over http://, got 'https://h/metrics'"},
      row{"scrape: {urls: [http://h:99999/]}\n", "s.yaml:5: scrape.urls[0]: bad port '99999'"},
      row{"scrape: {urls: http://h/, interval: 10ms}\n", "s.yaml:5: scrape.interval: from 100ms to 1h, got 10ms"},
      row{"scrape: {urls: http://h/, interval: fast}\n", "s.yaml:5: scrape.interval"},
      row{"scrape: {url: http://h/}\n", "s.yaml:5: unknown key 'url' in scrape (expected one of: urls, interval, series)"},
      row{"scrape: [http://h/]\n", "s.yaml:5: scrape: expected a URL or a mapping {urls, interval, series}, got a list"},
      row{"scrape:\n  series: []\n", "s.yaml:6: scrape.series: name at least one series (or 'defaults')"},
      row{"scrape:\n  series:\n    - 9lives\n", "s.yaml:7: scrape.series[0]: '9lives' is not a metric name"},
      row{"scrape:\n  series:\n    - {name: x}\n", "s.yaml:7: scrape.series[0]: needs 'metric'"},
      row{"scrape:\n  series:\n    - {metric: m, by: [a-b]}\n", "s.yaml:7: scrape.series[0].by[0]: 'a-b' is not a label name"},
      row{"scrape:\n  series:\n    - {metric: m, quantiles: [0.5, 2]}\n",
          "s.yaml:7: scrape.series[0].quantiles[1]: a quantile is in (0, 1], e.g. 0.95; got 2"},
      row{"scrape:\n  series:\n    - {metric: m, unit: parsecs}\n",
          "s.yaml:7: scrape.series[0].unit: expected \"\", ratio, bytes, 1/s or s; got 'parsecs'"},
      row{"scrape:\n  series:\n    - {metric: m, match: {state: [a]}}\n", "s.yaml:7: scrape.series[0].match.state: expected a string"},
      row{"scrape:\n  series:\n    - {metric: m, ratio_of: {}}\n", "s.yaml:7: scrape.series[0].ratio_of: name at least one label"},
      row{"scrape:\n  series:\n    - {metric: m, colour: red}\n", "unknown key 'colour' in scrape.series[0]"},
      row{"scrape:\n  series: [defaults, {name: cpu_seconds_rate, metric: x}]\n",
          "s.yaml:6: scrape.series: two entries produce the series name 'cpu_seconds_rate'"});
  INFO(block);
  CHECK_THAT(error_of(head + block), Catch::Contains(expected));
}

TEST_CASE("scrape: a profile's block replaces the scenario's and --set edits it", "[loader][scrape]") {
  auto s = parse_scenario(head + "scrape: {urls: http://a:1/metrics, interval: 2s}\n", "s.yaml");
  apply_profile_text(s, "load: {users: 1, duration: 3s}\n", "p.yaml");
  CHECK(s.scrape.urls.at(0).host == "a");  // no scrape: in the profile keeps the scenario's
  apply_profile_text(s, "load: {users: 1, duration: 3s}\nscrape: {urls: http://b:2/metrics}\n", "p.yaml");
  CHECK(s.scrape.urls.at(0).host == "b");
  CHECK(s.scrape.interval == std::chrono::seconds(1));
  apply_overrides(s, {"scrape.interval=250ms"});
  CHECK(s.scrape.interval == std::chrono::milliseconds(250));
  CHECK(s.scrape.urls.at(0).host == "b");
  apply_overrides(s, {"scrape={urls: [http://c:3/m], interval: 3s}"});
  CHECK(s.scrape.urls.at(0).host == "c");
  CHECK(s.scrape.interval == std::chrono::seconds(3));
  try {
    apply_overrides(s, {"scrape.interval=2h"});
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("--set scrape.interval=2h: scrape.interval: from 100ms to 1h, got 2h"));
  }
  try {
    apply_profile_text(s, "load: {users: 1, duration: 3s}\nscrape: {interval: 0s}\n", "p.yaml");
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("p.yaml:2: scrape.interval"));
  }
}

TEST_CASE("scrape: a server KPI is accepted by the loader (its series is checked with the scrape)", "[loader][scrape]") {
  const auto s = parse_scenario(head + "kpis:\n  - server: cpu_seconds_rate < 0.8\n", "s.yaml");
  REQUIRE(s.kpis.size() == 1);
  CHECK(s.kpis[0].endpoint == "server");
}
