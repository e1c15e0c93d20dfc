// loadgen run --web / --metrics-listen on the command line: parsed, checked, announced, and a bind
// failure reported.
#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

struct scenario_file {
  fs::path dir = fs::temp_directory_path() / ("loadgen_live_cli_" + std::to_string(::getpid()));
  std::string path;
  explicit scenario_file(const test::test_http_server& server) {
    fs::create_directories(dir);
    path = (dir / "s.yaml").string();
    std::ofstream(path) << "name: live\ntarget: http://127.0.0.1:" << server.endpoint().port()
                        << "\nload: {users: 1, spawn_rate: 10, duration: 1200ms}\n"
                           "tasks:\n  - {name: get, method: GET, path: /}\n";
  }
  ~scenario_file() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("cli: --web and --metrics-listen are parsed into listen addresses", "[cli][live]") {
  const auto r = std::get<run_options>(
      parse_command_line({"run", "s.yaml", "--web", "127.0.0.1:8089", "--metrics-listen", "[::1]:0"}));
  REQUIRE(r.live.web);
  CHECK(r.live.web->endpoint.port() == 8089);
  REQUIRE(r.live.metrics);
  CHECK(r.live.metrics->endpoint.address().is_v6());
  CHECK_FALSE(std::get<run_options>(parse_command_line({"run", "s.yaml"})).live.any());
  auto bad = cli({"run", "s.yaml", "--web", "8089"});
  CHECK(bad.code == exit_usage_error);
  CHECK_THAT(bad.err, Catch::Contains("run: --web must be HOST:PORT"));
  auto bad_port = cli({"run", "s.yaml", "--metrics-listen", "127.0.0.1:99999"});
  CHECK(bad_port.code == exit_usage_error);
  CHECK_THAT(bad_port.err, Catch::Contains("--metrics-listen must be HOST:PORT"));
}

TEST_CASE("cli: run announces its live addresses, and one address may serve both", "[cli][live]") {
  test::test_http_server server;
  scenario_file s(server);
  auto c = cli({"run", s.path, "--out", (s.dir / "out").string(), "--quiet", "--threads", "1", "--web", "127.0.0.1:0",
                "--metrics-listen", "127.0.0.1:0"});
  INFO(c.err);
  CHECK(c.code == exit_pass);
  std::smatch view, metrics;
  REQUIRE(std::regex_search(c.err, view, std::regex("loadgen: live view at http://127\\.0\\.0\\.1:([0-9]+)/\n")));
  REQUIRE(std::regex_search(c.err, metrics, std::regex("loadgen: live metrics at http://127\\.0\\.0\\.1:([0-9]+)/metrics\n")));
  CHECK(view[1] == metrics[1]);  // the same address: one listener, both route sets
  CHECK(view[1] != "0");
}

TEST_CASE("cli: a live address that cannot be bound fails the command before any traffic", "[cli][live]") {
  test::test_http_server server;
  scenario_file s(server);
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string address = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
  auto c = cli({"run", s.path, "--out", (s.dir / "out").string(), "--quiet", "--web", address});
  CHECK(c.code == exit_run_failed);
  CHECK_THAT(c.err, Catch::Contains("--web " + address + ": cannot listen"));
  CHECK(server.requests() == 0);
}
