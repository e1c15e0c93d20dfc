// Streamed steps in the scenario schema: stream:, token_event:, slo:, and the stream and goodput KPIs
// checked against the steps at load time, with file, line and reason on every error (the KPI syntax
// itself is tested with the KPI language, tests/unit/loadgen_report/stream_report_test.cpp).
#include <catch2/catch.hpp>

#include "loadgen/scenario/scenario_loader.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;

namespace {

const std::string head = "target: http://127.0.0.1:8080\nload: {users: 1, duration: 5s}\ntasks:\n";

std::string error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "s.yaml");
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("stream, token_event and slo are read from a step", "[loader][stream]") {
  auto s = parse_scenario(head +
                              "  - name: chat\n"
                              "    method: POST\n"
                              "    path: /v1/chat\n"
                              "    stream: sse\n"
                              "    token_event: token\n"
                              "    slo: {ttft: 450ms, tpot: 40ms, itl: 200ms, e2e: 5s}\n"
                              "  - {name: plain, path: /health, stream: none}\n"
                              "  - {name: auto, path: /x}\n"
                              "kpis:\n  - chat: ttft p99 < 450ms\n  - chat: goodput >= 95%\n  - all: tpot p50 < 25ms\n",
                          "s.yaml");
  const auto& chat = s.tasks[0].steps[0];
  CHECK(chat.stream == stream_mode::sse);
  CHECK(chat.token_event == "token");
  REQUIRE(chat.slo.any());
  CHECK(*chat.slo.ttft == 450ms);
  CHECK(*chat.slo.tpot == 40ms);
  CHECK(*chat.slo.itl == 200ms);
  CHECK(*chat.slo.e2e == 5s);
  CHECK(s.tasks[1].steps[0].stream == stream_mode::none);
  CHECK(s.tasks[2].steps[0].stream == stream_mode::auto_detect);
  CHECK_FALSE(s.tasks[2].steps[0].slo.any());
  CHECK(s.kpis.size() == 3);
  CHECK(parse_scenario(head + "  - {name: e, path: /, slo: {e2e: 1s}}\n", "s.yaml").tasks[0].steps[0].slo.e2e == 1s);
}

TEST_CASE("bad stream settings are refused with file, line and reason", "[loader][stream]") {
  CHECK(error_of(head + "  - {name: c, path: /, stream: websocket}\n") ==
        "s.yaml:4: tasks[0].stream: expected auto, sse or none, got 'websocket'");
  CHECK_THAT(error_of(head + "  - {name: c, path: /, token_event: ''}\n"),
             Catch::Contains("s.yaml:4: tasks[0].token_event: expected an event type such as 'token'"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, stream: none, token_event: token}\n"),
             Catch::Contains("tasks[0].token_event: the step has 'stream: none', so no events are read"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, slo: {ttft: fast}}\n"),
             Catch::Contains("s.yaml:4: tasks[0].slo.ttft: expected a positive duration"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, slo: {tbt: 1s}}\n"),
             Catch::Contains("unknown key 'tbt' in tasks[0].slo"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, slo: {}}\n"),
             Catch::Contains("tasks[0].slo: give at least one of ttft, tpot, itl, e2e"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, stream: none, slo: {ttft: 1s}}\n"),
             Catch::Contains("tasks[0].slo: ttft, tpot and itl are stream limits, but the step has 'stream: none'"));
  // KPIs that cannot be measured on the steps they name.
  CHECK_THAT(error_of(head + "  - {name: c, path: /}\nkpis:\n  - c: goodput >= 95%\n"),
             Catch::Contains("s.yaml:6:") && Catch::Contains("'goodput' needs an slo: block on step 'c'"));
  CHECK_THAT(error_of(head + "  - {name: c, path: /, stream: none}\nkpis:\n  - c: ttft p95 < 1s\n"),
             Catch::Contains("'ttft' is a stream metric, but step 'c' has 'stream: none'"));
}
