// The real loadgen binary over HTTP/2 and TLS: a scenario written for HTTP/1.1 run with
// --protocol h2c against nginx and against ragserver, and over HTTPS with --insecure; summary.json
// carries the results.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_engine/nginx_fixture.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

struct loadgen_run {
  int status = -1;
  json summary;
  std::string err;
};

loadgen_run run_loadgen(const std::string& dir, const std::string& name, const std::string& yaml,
                        std::vector<std::string> flags) {
  const std::string scenario = dir + "/" + name + ".yaml", out = dir + "/run-" + name;
  std::ofstream(scenario) << yaml;
  std::vector<std::string> argv = {build_dir() + "/bin/loadgen", "run", scenario, "--out", out, "--quiet",
                                   "--threads", "1"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  child_process loadgen(argv, dir + "/loadgen-" + name);
  loadgen_run r;
  auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  r.status = *status;
  r.err = loadgen.stderr_text();
  std::ifstream in(out + "/summary.json");
  if (in.good()) r.summary = json::parse(in);
  return r;
}

std::string scenario_for(const std::string& target, const std::string& path) {
  return "name: h2\ntarget: " + target +
         "\nload: {users: 16, spawn_rate: 1000, duration: 1s}\n"
         "tasks:\n  - {name: get, method: GET, path: " + path + ", check: {status: [200]}}\n"
         "kpis:\n  - all: error_rate < 1%\n";
}

}  // namespace

TEST_CASE("loadgen --protocol h2c against nginx writes a passing summary", "[integration][loadgen][h2]") {
  temp_dir dir;
  test::nginx_fixture nginx;
  auto r = run_loadgen(dir.str(), "nginx-h2c", scenario_for(nginx.h2c(), "/echo"),
                       {"--protocol", "h2c", "--connections", "2", "--max-streams", "8"});
  INFO(r.err);
  CHECK(r.status == 0);
  REQUIRE(r.summary.is_object());
  CHECK(r.summary["verdict"] == "pass");
  CHECK(r.summary["totals"]["requests"].get<int>() > 500);
  CHECK(r.summary["totals"]["failures"] == 0);
  CHECK(r.summary["endpoints"]["get"]["status"]["200"].get<int>() > 500);
  CHECK(r.err.find("HTTP/2: 2 connections x 8 streams") != std::string::npos);
}

TEST_CASE("loadgen over HTTPS: --insecure accepts a self-signed certificate, verification rejects it",
          "[integration][loadgen][tls]") {
  temp_dir dir;
  test::nginx_fixture nginx;
  auto ok = run_loadgen(dir.str(), "tls-h2", scenario_for(nginx.tls(), "/echo"), {"--protocol", "h2", "--insecure"});
  INFO(ok.err);
  CHECK(ok.status == 0);
  REQUIRE(ok.summary.is_object());
  CHECK(ok.summary["totals"]["failures"] == 0);
  CHECK(ok.summary["totals"]["requests"].get<int>() > 500);

  auto bad = run_loadgen(dir.str(), "tls-verify", scenario_for(nginx.tls(), "/echo"), {});
  INFO(bad.err);
  CHECK(bad.status != 0);
  REQUIRE(bad.summary.is_object());
  CHECK(bad.summary["endpoints"]["get"]["errors"]["tls"].get<int>() > 0);
  CHECK(bad.err.find("certificate verify failed") != std::string::npos);
}

TEST_CASE("loadgen --protocol h2c against ragserver", "[integration][loadgen][h2]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto r = run_loadgen(dir.str(), "rag-h2c", scenario_for(server.url(), "/health"), {"--protocol", "h2c"});
  INFO(r.err);
  CHECK(r.status == 0);
  REQUIRE(r.summary.is_object());
  CHECK(r.summary["verdict"] == "pass");
  CHECK(r.summary["totals"]["requests"].get<int>() > 200);
  CHECK(r.summary["totals"]["failures"] == 0);
}
