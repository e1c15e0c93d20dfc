// loadgen run --web / --metrics-listen end to end: the real loadgen drives the real ragserver while
// the test reads the live event stream with curl, scrapes loadgen's /metrics mid-run (checked by
// Prometheus's promtool), and in a second run stops the load from the web view (POST /stop).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/support/cli_tool.hpp"
#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

void write_scenario(const temp_dir& dir, const ragserver_process& server, const std::string& duration) {
  std::ofstream(dir.str() + "/live.yaml") << "name: live\n"
                                             "target: " << server.url() << "\n"
                                             "load: {users: 2, spawn_rate: 100, duration: " << duration << "}\n"
                                             "tasks:\n"
                                             "  - {name: health, method: GET, path: /health}\n"
                                             "  - {name: models, method: GET, path: /v1/models}\n";
}

// The port of "loadgen: live <what> at http://HOST:PORT/..." on loadgen's stderr.
unsigned short announced_port(child_process& loadgen, const std::string& what, const std::string& host = "127.0.0.1") {
  const std::regex line("loadgen: live " + what + " at http://" + std::regex_replace(host, std::regex("\\."), "\\.") +
                        ":([0-9]+)/");
  for (int i = 0; i < 300; ++i) {
    std::smatch m;
    const std::string err = loadgen.stderr_text();
    if (std::regex_search(err, m, line)) return static_cast<unsigned short>(std::stoi(m[1]));
    std::this_thread::sleep_for(20ms);
  }
  FAIL("loadgen did not announce its live " << what << ": " << loadgen.stderr_text());
  return 0;
}

std::vector<json> events_of(const std::string& sse) {
  std::vector<json> out;
  std::istringstream in(sse);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("data: ", 0) == 0) out.push_back(json::parse(line.substr(6)));
  return out;
}

}  // namespace

TEST_CASE("loadgen run --web --metrics-listen: live events until done, metrics that promtool accepts",
          "[integration][loadgen][live]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  write_scenario(dir, server, "4s");
  const std::string out = dir.str() + "/run";
  child_process loadgen({build_dir() + "/bin/loadgen", "run", dir.str() + "/live.yaml", "--out", out, "--quiet",
                         "--threads", "1", "--web", "127.0.0.1:0", "--metrics-listen", "127.0.0.2:0"},
                        dir.str() + "/loadgen");
  const auto web = announced_port(loadgen, "view");
  const auto metrics = announced_port(loadgen, "metrics", "127.0.0.2");  // another address: a second listener
  const std::string base = "http://127.0.0.1:" + std::to_string(web);
  // The event stream, read by curl until loadgen exits and closes it.
  child_process curl({"/usr/bin/curl", "-sN", "--max-time", "60", base + "/events"}, dir.str() + "/curl");

  http_client page_client("127.0.0.1", web);
  auto page = page_client.get("/");
  CHECK(page.status == 200);
  CHECK_THAT(page.header("content-type"), Catch::StartsWith("text/html"));
  CHECK(page_client.get("/summary.json").status == 404);  // not before the run is over

  std::this_thread::sleep_for(2500ms);  // mid-run
  http_client metrics_client("127.0.0.2", metrics);
  auto scrape = metrics_client.get("/metrics");
  REQUIRE(scrape.status == 200);
  CHECK_THAT(scrape.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
  INFO(scrape.body);
  CHECK(std::regex_search(scrape.body, std::regex(R"(\nloadgen_requests_total\{endpoint="health"\} [1-9][0-9]*\n)")));
  CHECK(std::regex_search(scrape.body, std::regex(R"(\nloadgen_request_duration_seconds_bucket\{endpoint="models",le="\+Inf"\} [1-9])")));
  CHECK_THAT(scrape.body, Catch::Contains("\nloadgen_users 2\n"));
  CHECK_THAT(scrape.body, Catch::Contains("\nloadgen_run_finished 0\n"));
  std::ofstream(dir.str() + "/scrape.txt") << scrape.body;
  auto check = run_tool(dir, {"/bin/sh", "-c", "promtool check metrics < " + dir.str() + "/scrape.txt"});
  INFO("promtool: " << check.out << check.err);
  CHECK(check.status == 0);
  CHECK(metrics_client.get("/").status == 404);  // the page is on --web's address only

  auto status = loadgen.wait(60s);
  REQUIRE(status.has_value());
  INFO(loadgen.stderr_text());
  CHECK(*status == 0);
  REQUIRE(curl.wait(30s).has_value());
  const auto events = events_of(curl.stdout_text());
  INFO(curl.stdout_text());
  REQUIRE(events.size() >= 3);  // about one a second, then the final one
  const json& last = events.back();
  CHECK(last["done"] == true);
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    CHECK(events[i]["done"] == false);
    CHECK(events[i]["total_s"] == 4.0);
    CHECK(events[i]["users"] == 2);
    if (i > 0) CHECK(events[i]["elapsed_s"].get<double>() > events[i - 1]["elapsed_s"].get<double>());
  }
  CHECK(events[events.size() - 2]["total_requests"].get<std::uint64_t>() > 0);
  const json summary = read_json(out + "/summary.json");
  CHECK(last["total_requests"] == summary["totals"]["requests"]);
  std::uint64_t sum = 0;  // the events' intervals, the final one included, add up to every request
  for (const auto& e : events) sum += e["requests"].get<std::uint64_t>();
  CHECK(sum == summary["totals"]["requests"].get<std::uint64_t>() - summary["totals"]["rate_limited"].get<std::uint64_t>());
  CHECK(last["total_failures"] == summary["totals"]["failures"]);
  CHECK(last["elapsed_s"] == 4.0);
}

TEST_CASE("loadgen run --web: POST /stop ends the run early, verdict interrupted, reports written",
          "[integration][loadgen][live]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  write_scenario(dir, server, "60s");
  const std::string out = dir.str() + "/run";
  child_process loadgen({build_dir() + "/bin/loadgen", "run", dir.str() + "/live.yaml", "--out", out, "--quiet",
                         "--threads", "1", "--web", "127.0.0.1:0"},
                        dir.str() + "/loadgen");
  const auto web = announced_port(loadgen, "view");
  std::this_thread::sleep_for(1500ms);
  http_client client("127.0.0.1", web);
  auto foreign = client.request("POST", "/stop", {}, {{"Origin", "http://elsewhere.example"}});
  CHECK(foreign.status == 403);  // another site's page cannot stop the run
  const auto stopped_at = std::chrono::steady_clock::now();
  auto stop = client.request("POST", "/stop");
  CHECK(stop.status == 202);
  auto status = loadgen.wait(30s);
  REQUIRE(status.has_value());
  CHECK(std::chrono::steady_clock::now() - stopped_at < 10s);
  INFO(loadgen.stderr_text());
  CHECK(*status == 130);  // as for Ctrl-C
  const json summary = read_json(out + "/summary.json");
  CHECK(summary["verdict"] == "interrupted");
  CHECK_THAT(summary["verdict_reason"].get<std::string>(), Catch::Contains("stop from the web view"));
  CHECK(summary["interrupted"]["signal"] == "web");
  CHECK(summary["duration_s"].get<double>() < 10);
  CHECK(summary["totals"]["requests"].get<std::uint64_t>() > 0);
  for (const char* file : {"report.md", "stats.csv", "junit.xml", "histograms.json"})
    CHECK(std::ifstream(out + "/" + file).good());
  CHECK_THAT(loadgen.stderr_text(), Catch::Contains("verdict interrupted"));
}
