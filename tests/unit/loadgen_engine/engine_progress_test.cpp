// The engine's once-a-second progress view: per-endpoint cumulative figures only when asked for.
#include <catch2/catch.hpp>

#include <mutex>
#include <vector>

#include "loadgen/engine/engine.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "test_http_server.hpp"

using namespace ragbench::loadgen;
using test::server_action;
using test::test_http_server;

namespace {

std::vector<progress_view> run_collecting(const test_http_server& server, bool per_endpoint, engine_outcome& out) {
  scenario s = parse_scenario("name: two\ntarget: http://127.0.0.1:" + std::to_string(server.endpoint().port()) +
                                  "\nload: {users: 2, spawn_rate: 1000, duration: 2500ms}\n"
                                  "tasks:\n"
                                  "  - {name: ok, weight: 1, method: GET, path: /ok}\n"
                                  "  - {name: bad, weight: 1, method: GET, path: /bad}\n",
                              "two.yaml");
  engine_options o;
  o.threads = 2;
  o.per_endpoint_progress = per_endpoint;
  std::vector<progress_view> views;
  o.on_progress = [&](const progress_view& v) { views.push_back(v); };
  out = engine(s, o).run();
  return views;
}

}  // namespace

TEST_CASE("progress views carry cumulative per-endpoint figures when asked for, merged over threads", "[engine][live]") {
  test_http_server server([](std::size_t, const std::string& head) {
    server_action a;
    if (head.find("/bad") != std::string::npos) a.status = 500;
    return a;
  });
  engine_outcome out;
  auto views = run_collecting(server, true, out);
  REQUIRE(views.size() >= 2);
  std::uint64_t previous_ok = 0;
  for (const auto& v : views) {
    REQUIRE(v.endpoints.size() == 2);
    const auto& ok = v.endpoints[0].name == "ok" ? v.endpoints[0] : v.endpoints[1];
    const auto& bad = v.endpoints[0].name == "ok" ? v.endpoints[1] : v.endpoints[0];
    CHECK(ok.name == "ok");
    CHECK(bad.name == "bad");
    CHECK(ok.requests >= previous_ok);  // cumulative, never going back
    previous_ok = ok.requests;
    CHECK(ok.failures == 0);
    CHECK(bad.failures == bad.requests);
    CHECK(bad.errors[static_cast<std::size_t>(error_kind::status)] == bad.failures);
    CHECK(ok.latency.count() == ok.requests);
  }
  // The last tick saw most of the run; the final merge has it all.
  const auto& last = views.back();
  std::uint64_t live_total = last.endpoints[0].requests + last.endpoints[1].requests;
  std::uint64_t final_total = out.stats.find("ok")->requests + out.stats.find("bad")->requests;
  CHECK(live_total > 0);
  CHECK(live_total <= final_total);
  CHECK(live_total >= final_total / 2);
}

TEST_CASE("progress views carry no per-endpoint figures by default", "[engine][live]") {
  test_http_server server;
  engine_outcome out;
  auto views = run_collecting(server, false, out);
  REQUIRE_FALSE(views.empty());
  for (const auto& v : views) CHECK(v.endpoints.empty());
}
