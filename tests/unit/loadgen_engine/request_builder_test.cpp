// build_request: the request line, the default headers and the scenario's own headers, each header
// sent once (a step's header replaces the scenario default of the same name; a Host or User-Agent
// given by the scenario replaces loadgen's own).
#include <catch2/catch.hpp>

#include <string>

#include "loadgen/engine/request_builder.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

using namespace ragbench::loadgen;

namespace {

std::string built(const std::string& yaml) {
  scenario s = parse_scenario(yaml, "test.yaml");
  render_context ctx;
  std::string out, scratch;
  build_request(s, s.tasks.at(0).steps.at(0), ctx, out, scratch);
  return out;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("request builder: default Host and User-Agent", "[engine][request_builder]") {
  auto r = built("target: http://127.0.0.1:8080\nload: {users: 1, duration: 1s}\n"
                 "tasks:\n  - {name: t, method: GET, path: /health}\n");
  CHECK(r.rfind("GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", 0) == 0);
  CHECK(count(r, "User-Agent: ragbench-loadgen\r\n") == 1);
  CHECK(r.size() >= 4);
  CHECK(r.substr(r.size() - 4) == "\r\n\r\n");
}

TEST_CASE("request builder: a Host header of the scenario replaces loadgen's, sent once", "[engine][request_builder]") {
  // Two Host headers make RFC 9112 servers (ragserver among them) answer 400.
  auto step_host = built("target: http://127.0.0.1:8080\nload: {users: 1, duration: 1s}\n"
                         "tasks:\n  - {name: t, method: GET, path: /, headers: {Host: example.test}}\n");
  CHECK(count(step_host, "Host: ") == 1);
  CHECK(count(step_host, "Host: example.test\r\n") == 1);
  auto default_host = built("target: http://127.0.0.1:8080\nheaders: {host: api.example.test}\n"
                            "load: {users: 1, duration: 1s}\ntasks:\n  - {name: t, method: GET, path: /}\n");
  CHECK(count(default_host, "ost: ") == 1);
  CHECK(count(default_host, "host: api.example.test\r\n") == 1);
}

TEST_CASE("request builder: a step's header replaces the scenario default of the same name", "[engine][request_builder]") {
  auto r = built("target: http://127.0.0.1:8080\nheaders: {Authorization: Bearer default, Accept: application/json}\n"
                 "load: {users: 1, duration: 1s}\n"
                 "tasks:\n  - {name: t, method: GET, path: /, headers: {authorization: Bearer step}}\n");
  CHECK(count(r, "uthorization: ") == 1);
  CHECK(count(r, "authorization: Bearer step\r\n") == 1);
  CHECK(count(r, "Accept: application/json\r\n") == 1);
}
