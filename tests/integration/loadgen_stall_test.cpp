// No coordinated omission, end to end: the real loadgen binary drives the real ragserver at a fixed
// open-model rate; the server is frozen (SIGSTOP) for 800 ms mid-run. Every request that was due
// during the freeze must show the wait in its latency (measured from its intended start), while
// service time (from the actual send) stays small for the requests that queued for a connection.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

TEST_CASE("open model: a server stall shows in latency percentiles, not only in a few requests",
          "[integration][loadgen]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--threads", "1"});
  {
    std::ofstream scenario(dir.str() + "/stall.yaml");
    scenario << "name: stall\n"
                "target: " << server.url() << "\n"
                "load: {arrival_rate: 200/s, duration: 4s, max_connections: 16}\n"
                "tasks:\n"
                "  - {name: health, method: GET, path: /health, timeout: 5s}\n"
                "kpis:\n"
                "  - all: error_rate < 1%\n";
  }
  std::string out = dir.str() + "/run";
  child_process loadgen({build_dir() + "/bin/loadgen", "run", dir.str() + "/stall.yaml", "--out", out, "--quiet",
                         "--threads", "1"},
                        dir.str() + "/loadgen");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server.process().signal(SIGSTOP);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  server.process().signal(SIGCONT);
  auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  INFO(loadgen.stdout_text() << loadgen.stderr_text());

  std::ifstream in(out + "/summary.json");
  REQUIRE(in.good());
  auto summary = json::parse(in);
  auto health = summary["endpoints"]["health"];
  double requests = health["requests"].get<double>();
  CHECK(requests >= 700);  // ~800 scheduled: the schedule kept going through the stall
  // ~160 of ~800 requests were due during the 800 ms freeze, each waiting up to 800 ms: the top
  // decile of latency is in the hundreds of milliseconds, and the maximum near the freeze.
  CHECK(health["latency_ms"]["p99"].get<double>() >= 500);
  CHECK(health["latency_ms"]["p90"].get<double>() >= 250);  // measured here: ~400
  CHECK(health["latency_ms"]["max"].get<double>() >= 650);
  // Only the requests already on the wire when the server froze (at most one per connection)
  // waited after their send: service time stays small for most.
  CHECK(health["service_time_ms"]["p50"].get<double>() < 50);
  CHECK(health["service_time_ms"]["p90"].get<double>() < 50);  // measured here: ~0.3
  CHECK(summary["totals"]["failures"] == 0);
}
