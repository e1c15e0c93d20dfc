// The engine on streamed steps: stream statistics per endpoint over HTTP/1.1, h2c and TLS, cut
// streams, goodput, `stream: none|sse`, and a stalled server in the open model (TTFT from the
// intended start).
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

#include "loadgen/engine/engine.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "scripted_sse_server.hpp"
#include "test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::test;
using namespace std::chrono_literals;

namespace {

engine_outcome run_scenario(const std::string& yaml) {
  scenario s = parse_scenario(yaml, "stream.yaml");
  engine_options o;
  o.threads = 1;
  return engine(s, o).run();
}

const endpoint_stats& chat(const engine_outcome& out) {
  const endpoint_stats* e = out.stats.find("chat");
  REQUIRE(e);
  return *e;
}

const std::string chat_step =
    "tasks:\n"
    "  - name: chat\n"
    "    method: POST\n"
    "    path: /v1/chat/completions\n"
    "    json: {model: m, stream: true, messages: [{role: user, content: hi}]}\n";

}  // namespace

TEST_CASE("engine: stream statistics per endpoint over HTTP/1.1, h2c and TLS", "[engine][stream]") {
  sse_script script;
  script.ttft = 15ms;
  script.gaps = {5ms, 5ms, 5ms, 5ms};
  script.tokens_per_event = 2;
  script.usage = true;
  struct variant { const char* name; sse_transport transport; const char* protocol; };
  for (const auto& v : {variant{"http1", sse_transport::http1, "http1"}, variant{"h2c", sse_transport::h2c, "h2c"},
                        variant{"tls h2", sse_transport::tls, "h2"}}) {
    DYNAMIC_SECTION(v.name) {
      scripted_sse_server server(v.transport, script);
      auto out = run_scenario("name: s\ntarget: " + server.url() + "\nprotocol: " + v.protocol +
                              (v.transport == sse_transport::tls ? "\ntls: {insecure: true}" : "") +
                              "\nload: {users: 2, spawn_rate: 100/s, duration: 1s}\n" + chat_step);
      const auto& e = chat(out);
      REQUIRE(e.requests > 10);
      CHECK(e.failures == 0);
      REQUIRE(e.stream);
      const stream_stats& s = *e.stream;
      CHECK(s.streams == e.requests);
      CHECK(s.cut == 0);
      CHECK(s.events == 5 * s.streams);
      CHECK(s.tokens == 10 * s.streams);  // the usage frame: 2 tokens per event
      CHECK(s.usage_streams == s.streams);
      CHECK(s.itl.count() == 4 * s.streams);  // every gap, none kept per event
      CHECK(s.ttft.count() == s.streams);
      CHECK(s.ttft_service.count() == s.streams);
      CHECK(s.tpot.count() == s.streams);
      CHECK(s.e2e.count() == s.streams);
      CHECK(s.headers.count() == s.streams);
      CHECK(s.ttft.min() >= 15'000'000);
      CHECK(s.ttft.value_at_percentile(50) < 40'000'000);
      CHECK(s.itl.value_at_percentile(50) >= 4'000'000);
      // TPOT = 20 ms over 9 token intervals.
      CHECK(s.tpot.value_at_percentile(50) == Approx(20e6 / 9).epsilon(0.25));
      CHECK(s.e2e.min() >= s.ttft.min());
    }
  }
}

TEST_CASE("engine: a cut stream is a stream_cut failure whose partial timings still count", "[engine][stream]") {
  sse_script script;
  script.ttft = 5ms;
  script.gaps = {3ms, 3ms, 3ms, 3ms, 3ms};
  script.cut_after = 3;
  for (auto transport : {sse_transport::http1, sse_transport::h2c}) {
    DYNAMIC_SECTION((transport == sse_transport::h2c ? "h2c (RST_STREAM)" : "http1 (connection closed)")) {
      scripted_sse_server server(transport, script);
      auto out = run_scenario("name: s\ntarget: " + server.url() +
                              (transport == sse_transport::h2c ? "\nprotocol: h2c" : "") +
                              "\nload: {users: 1, spawn_rate: 10/s, duration: 500ms}\n" + chat_step);
      const auto& e = chat(out);
      REQUIRE(e.requests > 5);
      CHECK(e.failures == e.requests);
      CHECK(e.error_count(error_kind::stream_cut) == e.requests);
      REQUIRE(e.stream);
      CHECK(e.stream->cut == e.stream->streams);
      CHECK(e.stream->streams == e.requests);
      CHECK(e.stream->events == 3 * e.stream->streams);
      CHECK(e.stream->ttft.count() == e.stream->streams);
      CHECK(e.stream->itl.count() == 2 * e.stream->streams);
      CHECK(e.stream->e2e.count() == 0);  // a cut stream has no end-to-end time
    }
  }
}

TEST_CASE("engine: goodput counts the requests that met every SLO limit", "[engine][stream][goodput]") {
  std::atomic<int> n{0};
  sse_script fast;
  fast.ttft = 5ms;
  fast.gaps = {2ms, 2ms};
  sse_script slow = fast;
  slow.ttft = 80ms;
  scripted_sse_server server(sse_transport::http1, fast, [&](const std::string&) { return n++ % 2 ? slow : fast; });
  auto out = run_scenario("name: s\ntarget: " + server.url() + "\nload: {users: 1, spawn_rate: 10/s, duration: 1s}\n" +
                          chat_step + "    slo: {ttft: 40ms, tpot: 50ms}\n");
  const auto& e = chat(out);
  REQUIRE(e.requests >= 6);
  CHECK(e.slo_requests == e.requests);
  CHECK(e.good >= e.requests / 2 - 1);  // the fast half
  CHECK(e.good <= e.requests / 2 + 1);
}

TEST_CASE("engine: the open model times TTFT from the intended start, so a stalled server shows", "[engine][stream]") {
  std::atomic<int> n{0};
  sse_script quick;
  quick.ttft = 2ms;
  quick.gaps = {1ms};
  sse_script stall = quick;
  stall.ttft = 500ms;
  scripted_sse_server server(sse_transport::http1, quick, [&](const std::string&) { return n++ == 10 ? stall : quick; });
  auto out = run_scenario("name: s\ntarget: " + server.url() +
                          "\nload: {arrival_rate: 40/s, duration: 1500ms, max_connections: 1}\n" + chat_step);
  const auto& e = chat(out);
  REQUIRE(e.stream);
  REQUIRE(e.stream->streams > 40);
  // ~20 arrivals waited behind the stalled stream: their TTFT from the intended start includes it.
  CHECK(e.stream->ttft.value_at_percentile(90) > 150'000'000);
  CHECK(e.stream->ttft.max() >= 490'000'000);
  // From the send, only the stalled one is slow.
  CHECK(e.stream->ttft_service.value_at_percentile(90) < 50'000'000);
  CHECK(e.stream->ttft_service.max() >= 490'000'000);
}

TEST_CASE("engine: stream: none reads no events, stream: sse parses any 2xx body", "[engine][stream]") {
  test_http_server server([](std::size_t, const std::string&) {
    server_action a;
    a.body = "data: one\n\ndata: two\n\n";  // served as text/plain
    return a;
  });
  const std::string target = "http://127.0.0.1:" + std::to_string(server.endpoint().port());
  const std::string load = "\nload: {users: 1, spawn_rate: 10/s, duration: 300ms}\n";
  auto detect = run_scenario("name: s\ntarget: " + target + load + "tasks:\n  - {name: chat, path: /}\n");
  CHECK_FALSE(chat(detect).stream);  // not text/event-stream: one plain response
  auto forced = run_scenario("name: s\ntarget: " + target + load + "tasks:\n  - {name: chat, path: /, stream: sse}\n");
  REQUIRE(chat(forced).stream);
  CHECK(chat(forced).stream->events == 2 * chat(forced).requests);

  sse_script script;
  script.gaps = {1ms};
  scripted_sse_server sse(sse_transport::http1, script);
  auto off = run_scenario("name: s\ntarget: " + sse.url() + load + chat_step + "    stream: none\n");
  CHECK(chat(off).failures == 0);
  CHECK_FALSE(chat(off).stream);
}

TEST_CASE("engine: a stream the run cancels at the end of the drain is not judged for goodput",
          "[engine][stream][goodput]") {
  std::atomic<int> n{0};
  sse_script fast;
  fast.ttft = 2ms;
  fast.gaps = {2ms};
  sse_script endless = fast;
  endless.gaps = {400ms, 400ms, 400ms};
  scripted_sse_server server(sse_transport::http1, fast, [&](const std::string&) { return n++ == 0 ? fast : endless; });
  auto out = run_scenario("name: s\ntarget: " + server.url() +
                          "\ndrain: 50ms\nload: {users: 1, spawn_rate: 10/s, duration: 200ms}\n" + chat_step +
                          "    slo: {ttft: 1s}\n");
  const auto& e = chat(out);
  REQUIRE(e.requests == 2);  // the fast one, then one still streaming when the drain ends
  CHECK(e.error_count(error_kind::unfinished) == 1);
  CHECK(e.slo_requests == 1);  // only the one that ran to its end is judged
  CHECK(e.good == 1);
}
