// Execution segments end to end: two `loadgen run --segment I/2 --start-at T` processes drive the real
// ragserver at the same time with a Poisson open model; their request counts add up to a one-process
// run of the same scenario, and each summary.json says which segment of which test it was.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>

#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

TEST_CASE("segments: two segments of a Poisson run add up to the one-process run", "[integration][loadgen]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--threads", "1"});
  const std::string scenario = dir.str() + "/poisson.yaml";
  {
    std::ofstream s(scenario);
    s << "name: poisson\n"
         "target: " << server.url() << "\n"
         "seed: 11\n"
         "load: {arrival: poisson, rate: 300/s, duration: 3s}\n"
         "tasks:\n"
         "  - {name: health, method: GET, path: /health}\n";
  }
  const std::string loadgen = build_dir() + "/bin/loadgen";
  const auto start = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count() + 2;
  const std::string start_at = std::to_string(start);
  auto segment = [&](int i) {
    return std::make_unique<child_process>(
        std::vector<std::string>{loadgen, "run", scenario, "--segment", std::to_string(i) + "/2", "--start-at", start_at,
                                 "--threads", "1", "--quiet", "--out", dir.str() + "/seg" + std::to_string(i)},
        dir.str() + "/seg" + std::to_string(i));
  };
  auto s0 = segment(0);
  auto s1 = segment(1);
  const auto c0 = s0->wait(std::chrono::seconds(60)), c1 = s1->wait(std::chrono::seconds(60));
  INFO(s0->stderr_text() << s1->stderr_text());
  REQUIRE(c0 == 0);
  REQUIRE(c1 == 0);
  CHECK(s0->stderr_text().find("waiting") != std::string::npos);

  child_process whole({loadgen, "run", scenario, "--threads", "1", "--quiet", "--out", dir.str() + "/whole"},
                      dir.str() + "/whole");
  REQUIRE(whole.wait(std::chrono::seconds(60)) == 0);

  const json j0 = read_json(dir.str() + "/seg0/summary.json"), j1 = read_json(dir.str() + "/seg1/summary.json");
  const json jw = read_json(dir.str() + "/whole/summary.json");
  const double n0 = j0["totals"]["requests"].get<double>(), n1 = j1["totals"]["requests"].get<double>();
  const double nw = jw["totals"]["requests"].get<double>();
  INFO("segments " << n0 << " + " << n1 << ", one process " << nw);
  CHECK(nw > 700);                                // ~900 arrivals at 300/s for 3 s
  CHECK(std::abs(n0 + n1 - nw) <= 0.005 * nw);    // the union is the one-process schedule
  CHECK(std::abs(n0 - n1) <= 0.2 * nw);           // each segment ran about half
  for (const json* j : {&j0, &j1}) {
    REQUIRE(j->contains("segment"));
    CHECK((*j)["segment"]["count"] == 2);
    CHECK((*j)["segment"]["run_id"] == j0["segment"]["run_id"]);
    CHECK((*j)["segment"]["scenario_hash"].get<std::string>().rfind("sha256:", 0) == 0);
    CHECK((*j)["segment"]["scenario_hash"] == j0["segment"]["scenario_hash"]);
    CHECK((*j)["segment"]["started_unix_ms"].get<std::int64_t>() == start * 1000);  // both on time, together
    CHECK((*j)["totals"]["failures"] == 0);
  }
  CHECK(j0["segment"]["index"] == 0);
  CHECK(j1["segment"]["index"] == 1);
  CHECK(j1["settings"]["segment"] == "1/2");
  CHECK_FALSE(jw.contains("segment"));
}
