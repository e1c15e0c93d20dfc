// The live listener's routes, without sockets.
#include <catch2/catch.hpp>

#include "loadgen/live/live_routes.hpp"

using namespace ragbench::loadgen;

namespace {

live_request req(std::string method, std::string target) {
  live_request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.host = "127.0.0.1:8089";
  return r;
}

std::string header(const live_response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

}  // namespace

TEST_CASE("web routes: page, events, summary once the run is over", "[live][routes]") {
  live_state state;
  state.page = "<html>live</html>";
  const route_set web{true, false};
  auto page = route(req("GET", "/"), state, web);
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body == "<html>live</html>");
  auto events = route(req("GET", "/events?since=3"), state, web);
  CHECK(events.event_stream);
  CHECK(events.status == 200);
  auto early = route(req("GET", "/summary.json"), state, web);
  CHECK(early.status == 404);
  CHECK_THAT(early.body, Catch::Contains("not_ready"));
  state.summary_json = R"({"verdict":"pass"})";
  auto summary = route(req("GET", "/summary.json"), state, web);
  CHECK(summary.status == 200);
  CHECK(summary.content_type == "application/json");
  CHECK(summary.body == state.summary_json);
  CHECK(route(req("GET", "/metrics"), state, web).status == 404);  // not a web route
}

TEST_CASE("POST /stop: calls the stop once, refused after the run and from another origin", "[live][routes]") {
  live_state state;
  int stops = 0;
  state.on_stop = [&] { ++stops; };
  const route_set web{true, false};
  auto foreign = req("POST", "/stop");
  foreign.origin = "http://evil.example";
  CHECK(route(foreign, state, web).status == 403);
  CHECK(stops == 0);
  auto same = req("POST", "/stop");
  same.origin = "http://127.0.0.1:8089";  // the page's own fetch
  auto first = route(same, state, web);
  CHECK(first.status == 202);
  CHECK(first.body == R"({"stopping":true})");
  CHECK(route(req("POST", "/stop"), state, web).status == 202);  // curl: no Origin
  CHECK(stops == 1);
  state.done = true;
  auto late = route(req("POST", "/stop"), state, web);
  CHECK(late.status == 409);
  CHECK_THAT(late.body, Catch::Contains("run_over"));
}

TEST_CASE("wrong methods get 405 with Allow, unknown paths 404, as JSON errors", "[live][routes]") {
  live_state state;
  const route_set both{true, true};
  auto get_stop = route(req("GET", "/stop"), state, both);
  CHECK(get_stop.status == 405);
  CHECK(header(get_stop, "Allow") == "POST");
  auto post_page = route(req("POST", "/"), state, both);
  CHECK(post_page.status == 405);
  CHECK(header(post_page, "Allow") == "GET");
  CHECK(route(req("DELETE", "/metrics"), state, both).status == 405);
  auto missing = route(req("GET", "/nope"), state, both);
  CHECK(missing.status == 404);
  CHECK(missing.body == R"({"error":{"code":"not_found","message":"no route /nope"}})");
}

TEST_CASE("metrics route: Prometheus text only on the metrics route set", "[live][routes]") {
  live_state state;
  state.metrics_text = "loadgen_users 3\n";
  auto m = route(req("GET", "/metrics"), state, route_set{false, true});
  CHECK(m.status == 200);
  CHECK(m.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(m.body == "loadgen_users 3\n");
  CHECK(route(req("GET", "/"), state, route_set{false, true}).status == 404);  // no page there
}

TEST_CASE("the event history keeps the last max_history frames", "[live][routes]") {
  live_state state;
  for (std::size_t i = 0; i < live_state::max_history + 5; ++i) state.remember(std::to_string(i));
  CHECK(state.history.size() == live_state::max_history);
  CHECK(state.history.front() == "5");
}
