// The real loadgen binary against targets that misbehave on purpose (issue 11, items 7-9): a server
// that accepts and never answers, endless response bodies (chunked, or Content-Length: 10 GB), and
// SIGINT/SIGTERM in the middle of run, ab and capacity. Each run is checked for its exit code, its
// reports, a bounded wall time and a bounded peak RSS (integration/support/watched_loadgen.hpp).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "integration/support/watched_loadgen.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_engine/nginx_fixture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::testing;
using ragbench::loadgen::test::server_action;
using ragbench::loadgen::test::test_http_server;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string write(const temp_dir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.str() + "/" + name) << text;
  return dir.str() + "/" + name;
}

std::string url_of(const test_http_server& s) { return "http://127.0.0.1:" + std::to_string(s.endpoint().port()); }

}  // namespace

TEST_CASE("loadgen: requests in flight at the end are waited for or counted, never dropped",
          "[integration][loadgen][bounds]") {
  // Before: 30 s timeout, the run ended, in-flight requests vanished: 0 requests, verdict pass.
  temp_dir dir;
  test_http_server silent([](std::size_t, const std::string&) { return server_action{server_action::silent}; });
  const std::string scenario = write(dir, "silent.yaml",
                                     "target: " + url_of(silent) +
                                         "\nload: {users: 4, spawn_rate: 100/s, duration: 2s}\n"
                                         "tasks:\n  - {name: get, path: /, timeout: 30s}\n");
  SECTION("a bounded drain: what is still in flight is unfinished") {
    auto r = run_watched_loadgen(
        dir, {"run", scenario, "--out", dir.str() + "/run", "--quiet", "--threads", "1", "--drain", "1s"}, 30s);
    INFO(r.err);
    REQUIRE(r.code);
    CHECK(*r.code == 1);
    CHECK(r.elapsed < 15s);
    CHECK_THAT(r.err, Catch::Contains("waiting up to 1.00s for 4 requests in flight"));
    auto s = read_json(dir.str() + "/run/summary.json");
    CHECK(s["totals"]["requests"] == 4);
    CHECK(s["totals"]["failures"] == 4);
    CHECK(s["aggregated"]["errors"]["unfinished"] == 4);
    CHECK(s["verdict"] == "fail");
  }
  SECTION("the default drain is the request timeout: each request gets its whole timeout") {
    const std::string short_timeout = write(dir, "short.yaml",
                                            "target: " + url_of(silent) +
                                                "\nload: {users: 4, spawn_rate: 100/s, duration: 1s}\n"
                                                "tasks:\n  - {name: get, path: /, timeout: 3s}\n");
    auto r = run_watched_loadgen(dir, {"run", short_timeout, "--out", dir.str() + "/run2", "--quiet", "--threads", "1"},
                                 30s);
    INFO(r.err);
    REQUIRE(r.code);
    CHECK(*r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("waiting up to 3.00s for 4 requests in flight"));
    auto s = read_json(dir.str() + "/run2/summary.json");
    CHECK(s["aggregated"]["errors"]["timeout"] == 4);
    CHECK_FALSE(s["aggregated"]["errors"].contains("unfinished"));
  }
}

TEST_CASE("loadgen: endless response bodies end at the request timeout in bounded memory",
          "[integration][loadgen][bounds]") {
  // Before: RSS grew to 7.5-11.4 GB, the 1 s timeout never fired, 0 requests, verdict pass.
  temp_dir dir;
  const bool chunked = GENERATE(true, false);
  CAPTURE(chunked);
  test_http_server endless([chunked](std::size_t, const std::string&) {
    server_action a{server_action::flood};
    a.chunked = chunked;
    a.flood_bytes = std::size_t(1) << 40;  // never ends while the client reads
    return a;
  });
  const std::string scenario = write(dir, "endless.yaml",
                                     "target: " + url_of(endless) +
                                         "\nload: {users: 2, spawn_rate: 100/s, duration: 3s}\n"
                                         "tasks:\n  - {name: get, path: /, timeout: 1s}\n");
  auto r = run_watched_loadgen(dir, {"run", scenario, "--out", dir.str() + "/run", "--quiet", "--threads", "1"}, 60s);
  INFO(r.err);
  REQUIRE(r.code);
  CHECK(*r.code == 1);
  CHECK(r.elapsed < 20s);
  CHECK(r.peak_rss_kb < 100 * 1024 + rss_slack_kb);
  auto s = read_json(dir.str() + "/run/summary.json");
  CHECK(s["totals"]["requests"].get<int>() >= 4);
  CHECK(s["aggregated"]["errors"]["timeout"] == s["totals"]["requests"]);
}

TEST_CASE("loadgen: a kept body above max_body is body_too_large, in bounded memory", "[integration][loadgen][bounds]") {
  temp_dir dir;
  test_http_server endless([](std::size_t, const std::string&) {
    server_action a{server_action::flood};
    a.chunked = true;
    a.flood_bytes = std::size_t(1) << 40;
    return a;
  });
  const std::string scenario = write(dir, "check.yaml",
                                     "target: " + url_of(endless) +
                                         "\nload: {users: 2, spawn_rate: 100/s, duration: 2s}\nmax_body: 4MiB\n"
                                         "tasks:\n  - {name: get, path: /, timeout: 10s, check: {body_contains: needle}}\n");
  auto r = run_watched_loadgen(dir, {"run", scenario, "--out", dir.str() + "/run", "--quiet", "--threads", "1"}, 60s);
  INFO(r.err);
  REQUIRE(r.code);
  CHECK(*r.code == 1);
  CHECK(r.peak_rss_kb < 100 * 1024 + rss_slack_kb);
  auto s = read_json(dir.str() + "/run/summary.json");
  CHECK(s["totals"]["requests"].get<int>() > 0);
  CHECK(s["aggregated"]["errors"]["body_too_large"] == s["totals"]["requests"]);
}

TEST_CASE("loadgen over h2c: large bodies are counted, not held", "[integration][loadgen][bounds][h2]") {
  // Before: each stream's body was appended to a buffer (16 MiB per stream here).
  temp_dir dir;
  test::nginx_fixture nginx;
  const std::string scenario = write(dir, "h2.yaml",
                                     "target: " + nginx.h2c() +
                                         "\nprotocol: h2c\nconnections: 1\nmax_streams: 16\n"
                                         "load: {users: 16, spawn_rate: 1000/s, duration: 2s}\n"
                                         "tasks:\n  - {name: big, path: /big, timeout: 20s}\n");
  auto r = run_watched_loadgen(dir, {"run", scenario, "--out", dir.str() + "/run", "--quiet", "--threads", "1"}, 60s);
  INFO(r.err);
  REQUIRE(r.code);
  CHECK(*r.code == 0);
  auto s = read_json(dir.str() + "/run/summary.json");
  CHECK(s["totals"]["requests"].get<int>() >= 16);
  CHECK(s["totals"]["failures"] == 0);
  CHECK(s["aggregated"]["bytes_in"].get<double>() >= 16.0 * test::nginx_fixture::big_bytes);
  CHECK(r.peak_rss_kb < 64 * 1024 + rss_slack_kb);
}

TEST_CASE("loadgen run: SIGINT/SIGTERM stop it within a second, reports say interrupted", "[integration][loadgen][bounds]") {
  // Before: Ctrl-C at 2.2 s of a 5 s run gave exit 0 and PASS; at 1e9/s nothing stopped it.
  temp_dir dir;
  test_http_server ok;
  const auto [load, sig, code] =
      GENERATE(std::make_tuple(std::string("{users: 4, spawn_rate: 100/s, duration: 30s}"), SIGINT, 130),
               std::make_tuple(std::string("{users: 4, spawn_rate: 100/s, duration: 30s}"), SIGTERM, 143),
               std::make_tuple(std::string("{arrival_rate: 10000000/s, duration: 30s, max_connections: 16}"), SIGINT, 130));
  CAPTURE(load, sig);
  const std::string scenario = write(dir, "long.yaml", "target: " + url_of(ok) + "\nload: " + load +
                                                           "\ntasks:\n  - {name: get, path: /}\n"
                                                           "kpis:\n  - all: requests > 0\n");
  auto r = run_watched_loadgen(dir, {"run", scenario, "--out", dir.str() + "/run", "--quiet", "--threads", "1"}, 60s,
                               1000ms, sig);
  INFO(r.err);
  REQUIRE(r.code);
  CHECK(*r.code == code);
  CHECK(r.after_signal < 2s);  // stopped, reports written and exited within about a second
  auto s = read_json(dir.str() + "/run/summary.json");
  CHECK(s["verdict"] == "interrupted");
  CHECK(s["interrupted"]["signal"] == (sig == SIGINT ? "SIGINT" : "SIGTERM"));
  CHECK(s["interrupted"]["after_s"].get<double>() > 0.5);
  CHECK(s["interrupted"]["after_s"].get<double>() < 2.5);
  CHECK(s["interrupted"]["planned_s"] == 30.0);
  CHECK_THAT(s["verdict_reason"].get<std::string>(), Catch::StartsWith("interrupted by SIG"));
  std::ifstream md(dir.str() + "/run/report.md");
  std::stringstream text;
  text << md.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("INTERRUPTED") && Catch::Contains("cut short"));
}

TEST_CASE("loadgen ab and capacity: SIGINT stops them within a second with exit 130", "[integration][loadgen][bounds]") {
  // Before: both exited 3 (run failed) and ab wrote no ab.json; a signal during a server start waited for it.
  temp_dir dir;
  test_http_server ok;
  const std::string scenario = write(dir, "ab.yaml", "target: " + url_of(ok) +
                                                         "\nload: {users: 2, spawn_rate: 100/s, duration: 20s}\n"
                                                         "tasks:\n  - {name: get, path: /}\n");
  SECTION("ab") {
    auto r = run_watched_loadgen(dir,
                                 {"ab", scenario, "--a-url", url_of(ok), "--b-url", url_of(ok), "--trials", "2",
                                  "--warmup", "1s", "--threads", "1", "--out", dir.str() + "/ab"},
                                 60s, 1500ms);
    INFO(r.err);
    REQUIRE(r.code);
    CHECK(*r.code == 130);
    CHECK(r.after_signal < 2s);
    auto ab = read_json(dir.str() + "/ab/ab.json");
    CHECK(ab["verdict"] == "interrupted");
    CHECK_THAT(ab["interrupted"].get<std::string>(), Catch::StartsWith("interrupted by SIGINT"));
    CHECK(read_json(dir.str() + "/ab/trial-01-" + ab["order"].get<std::string>().substr(0, 1) + "/summary.json")["verdict"] ==
          "interrupted");
  }
  SECTION("capacity") {
    auto r = run_watched_loadgen(dir,
                                 {"capacity", scenario, "--start", "50/s", "--step", "50/s", "--max", "200/s",
                                  "--step-duration", "10s", "--threads", "1", "--out", dir.str() + "/cap"},
                                 60s, 1500ms);
    INFO(r.err);
    REQUIRE(r.code);
    CHECK(*r.code == 130);
    CHECK(r.after_signal < 2s);
    auto cap = read_json(dir.str() + "/cap/capacity.json");
    CHECK_THAT(cap["interrupted"].get<std::string>(), Catch::StartsWith("interrupted by SIGINT"));
    CHECK(cap["runs"][0]["steps"][0]["status"] == "interrupted");
  }
  SECTION("ab while a server command starts") {
    auto r = run_watched_loadgen(dir,
                                 {"ab", scenario, "--a", "sleep 60", "--b", "sleep 60", "--trials", "2", "--warmup",
                                  "1s", "--ready-timeout", "50s", "--out", dir.str() + "/ab2"},
                                 60s, 1000ms);
    INFO(r.err);
    REQUIRE(r.code);
    CHECK(*r.code == 130);
    CHECK(r.after_signal < 2s);
    CHECK(read_json(dir.str() + "/ab2/ab.json")["verdict"] == "interrupted");
  }
}
