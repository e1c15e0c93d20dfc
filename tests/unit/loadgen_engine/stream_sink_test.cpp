// Which events are output, the OpenAI chunk scan, the stream sink's timing against a fake clock,
// the stream figures and the goodput judgement.
#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "loadgen/engine/body_buffer.hpp"
#include "loadgen/engine/openai_chunk.hpp"
#include "loadgen/engine/output_event.hpp"
#include "loadgen/engine/response_parser.hpp"
#include "loadgen/engine/stream_figures.hpp"
#include "loadgen/engine/stream_sink.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using namespace std::chrono_literals;

TEST_CASE("openai chunk scan: output text, usage, and malformed JSON", "[sse][openai]") {
  auto c = scan_openai_chunk(R"({"id":"x","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})");
  CHECK(c.valid);
  CHECK(c.has_choices);
  CHECK(c.has_output);
  CHECK_FALSE(c.has_usage);

  CHECK_FALSE(scan_openai_chunk(R"({"choices":[{"delta":{"role":"assistant","content":""}}]})").has_output);
  CHECK_FALSE(scan_openai_chunk(R"({"choices":[{"delta":{"content":null},"finish_reason":"stop"}]})").has_output);
  CHECK(scan_openai_chunk(R"({"choices":[{"delta":{"reasoning_content":"hmm"}}]})").has_output);
  CHECK(scan_openai_chunk(R"({"choices":[{"text":" legacy","index":0}]})").has_output);
  CHECK(scan_openai_chunk(R"({"choices":[{"delta":{"content":"\u00e9\n"}}]})").has_output);
  // Only choices[0] counts; keys with escapes are compared decoded; nesting and other members skipped.
  CHECK_FALSE(scan_openai_chunk(R"({"choices":[{"delta":{}},{"delta":{"content":"b"}}]})").has_output);
  CHECK(scan_openai_chunk(R"({"x":{"content":"no"},"choices":[{"delta":{"cont\u0065nt":"y"}}]})").has_output);
  CHECK_FALSE(scan_openai_chunk(R"({"choices":[{"message":{"content":"not a delta"}}]})").has_output);

  auto u = scan_openai_chunk(
      R"({"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":42,"total_tokens":49,"details":{"a":[1,2.5e3,-1]}}})");
  CHECK(u.valid);
  CHECK(u.has_choices);
  CHECK_FALSE(u.has_output);
  CHECK(u.has_usage);
  REQUIRE(u.completion_tokens);
  CHECK(*u.completion_tokens == 42);
  CHECK_FALSE(scan_openai_chunk(R"({"usage":null})").has_usage);
  CHECK_FALSE(scan_openai_chunk(R"({"usage":{"completion_tokens":4.5}})").completion_tokens);
  CHECK_FALSE(scan_openai_chunk(R"({"usage":{"completion_tokens":-3}})").completion_tokens);

  for (const char* bad : {R"({"choices":[{"delta":{"content":"x"}}])", R"({"choices":)", R"({"a":tru})",
                          R"({"a":"\q"})", R"({"a":1} x)", "{\"a\":\"\x01\"}", R"({"a":01})", R"({"a":[1,]})"}) {
    INFO(bad);
    const auto r = scan_openai_chunk(bad);
    CHECK_FALSE(r.valid);
    CHECK_FALSE(r.has_output);
  }
  std::string deep(200, '[');
  CHECK_FALSE(scan_openai_chunk("{\"a\":" + deep + std::string(200, ']') + "}").valid);  // nesting bound
}

TEST_CASE("output events: default rule, token_event, OpenAI chunks, usage frames", "[sse]") {
  CHECK(judge_event("", "message", "hello").output);
  CHECK_FALSE(judge_event("", "message", "").output);
  CHECK_FALSE(judge_event("", "message", "[DONE]").output);
  CHECK(judge_event("", "message", R"({"text":"a"})").output);  // a JSON object without choices
  CHECK(judge_event("", "message", "{not json").output);         // not JSON after all: non-empty data
  CHECK_FALSE(judge_event("", "message", R"({"choices":[{"delta":{"role":"assistant"}}]})").output);
  CHECK(judge_event("", "message", R"({"choices":[{"delta":{"content":"x"}}]})").output);
  auto usage_only = judge_event("", "message", R"({"usage":{"completion_tokens":9}})");
  CHECK_FALSE(usage_only.output);
  CHECK(usage_only.completion_tokens == 9u);
  // ragserver's /v1/chat: start, token..., done; only `token` events are output with token_event.
  CHECK_FALSE(judge_event("token", "start", R"({"citations":[1]})").output);
  CHECK(judge_event("token", "token", R"({"text":"Checkpoints"})").output);
  CHECK_FALSE(judge_event("token", "done", R"({"tokens":48,"answer":"..."})").output);
  CHECK_FALSE(judge_event("token", "token", "").output);
}

namespace {

http_response head(int status, bool event_stream) {
  http_response h;
  h.status = status;
  h.event_stream = event_stream;
  return h;
}

std::string chunk(const char* text) {
  return std::string("data: {\"choices\":[{\"delta\":{\"content\":\"") + text + "\"}}]}\n\n";
}

}  // namespace

TEST_CASE("stream sink: times each output event with the clock, records every gap, keeps no list", "[sse]") {
  fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto id = rec.register_endpoint("chat");
  stream_sink sink(clock);
  sink.arm({false, "", 1 << 20, nullptr, &rec, id});
  const auto t0 = clock.now();
  sink.on_head(head(200, true));
  CHECK(sink.observed().is_stream);
  CHECK(sink.observed().head_at == t0);
  clock.advance(30ms);
  CHECK(sink.on_body("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n") == failure_kind::none);
  CHECK(sink.observed().events == 0);  // a role-only chunk is not output
  clock.advance(20ms);
  CHECK(sink.on_body(chunk("a") + "data: {\"choices\":[{\"delta\":{\"con") == failure_kind::none);
  clock.advance(7ms);
  CHECK(sink.on_body("tent\":\"b\"}}]}\n\n" + chunk("c")) == failure_kind::none);  // two events in one read
  clock.advance(13ms);
  CHECK(sink.on_body(chunk("d") + "data: {\"choices\":[],\"usage\":{\"completion_tokens\":9}}\n\ndata: [DONE]\n\n") ==
        failure_kind::none);
  sink.on_end();
  const auto& o = sink.observed();
  CHECK(o.ended);
  CHECK(o.events == 4);
  CHECK(o.tokens() == 9);
  CHECK(o.first_at == t0 + 50ms);
  CHECK(o.last_at == t0 + 70ms);
  CHECK(o.max_gap == 13ms);
  const hdr_histogram& itl = *rec.stream_itl(id);
  CHECK(itl.count() == 3);  // gaps 7 ms, 0 (same read), 13 ms
  CHECK(itl.min() == 0);
  CHECK(itl.max() == 13'000'000);

  // The next response starts afresh: a non-stream body passes through to `keep`, nothing is timed.
  body_buffer kept;
  sink.arm({false, "", 1 << 20, &kept, &rec, id});
  sink.on_head(head(200, false));
  CHECK(sink.on_body("{\"ok\":true}") == failure_kind::none);
  sink.on_end();
  CHECK_FALSE(sink.observed().is_stream);
  CHECK(kept.body() == "{\"ok\":true}");
  CHECK(itl.count() == 3);

  // `stream: sse` forces parsing whatever the content type; an error status never is a stream.
  sink.arm({true, "", 1 << 20, nullptr, nullptr, id});
  sink.on_head(head(200, false));
  CHECK(sink.observed().is_stream);
  sink.arm({true, "", 1 << 20, nullptr, nullptr, id});
  sink.on_head(head(503, true));
  CHECK_FALSE(sink.observed().is_stream);

  // An event above the bound fails the request as body_too_large.
  sink.arm({false, "", 64, nullptr, nullptr, id});
  sink.on_head(head(200, true));
  CHECK(sink.on_body("data: " + std::string(100, 'x') + "\n\n") == failure_kind::body_too_large);
}

TEST_CASE("stream figures: TTFT from the start and from the send, TPOT, e2e only when complete", "[sse]") {
  const stream_time start{std::chrono::seconds(100)};
  stream_observation o;
  o.is_stream = o.ended = true;
  o.head_at = start + 15ms;
  o.first_at = start + 120ms;
  o.last_at = start + 420ms;
  o.events = 11;
  o.max_gap = 60ms;
  const auto sent = start + 20ms;  // open model: sent 20 ms after its intended start
  auto s = stream_figures(o, start, sent, start + 430ms, false);
  CHECK(s.headers == 15ms);
  CHECK(s.ttft == 120ms);
  CHECK(s.ttft_service == 100ms);
  CHECK(s.tokens == 11);
  CHECK(s.tpot == 30ms);  // (420 - 120) / (11 - 1)
  REQUIRE(s.tokens_per_s);
  CHECK(*s.tokens_per_s == Approx(10 / 0.3));
  CHECK(s.e2e == 430ms);
  CHECK(s.e2e_service == 410ms);
  CHECK_FALSE(s.from_usage);

  o.usage_tokens = 31;  // the usage frame wins over the event count: 3 tokens per event
  s = stream_figures(o, start, sent, start + 430ms, false);
  CHECK(s.tokens == 31);
  CHECK(s.tpot == 10ms);
  CHECK(s.from_usage);

  o.ended = false;  // cut: partial figures stay, no e2e
  s = stream_figures(o, start, sent, start + 300ms, true);
  CHECK(s.cut);
  CHECK(s.ttft == 120ms);
  CHECK_FALSE(s.e2e);

  stream_observation one = o;
  one.events = 1;
  one.usage_tokens.reset();
  one.last_at = one.first_at;
  s = stream_figures(one, start, sent, start + 130ms, false);
  CHECK_FALSE(s.tpot);  // one token: no time per output token
  CHECK_FALSE(s.tokens_per_s);
  stream_observation none = o;
  none.events = 0;
  none.usage_tokens.reset();
  s = stream_figures(none, start, sent, start + 130ms, false);
  CHECK_FALSE(s.ttft);
  CHECK_FALSE(s.ttft_service);
}

TEST_CASE("goodput: good only when the request succeeded and every SLO limit holds", "[sse][goodput]") {
  stream_observation o;
  o.is_stream = true;
  o.max_gap = 40ms;
  stream_sample s;
  s.ttft = 300ms;
  s.tpot = 20ms;
  slo_limits slo;
  slo.ttft = 450ms;
  slo.tpot = 40ms;
  CHECK(meets_slo(slo, true, o, &s, 900ms));
  CHECK_FALSE(meets_slo(slo, false, o, &s, 900ms));  // a failed request is never good
  s.ttft = 451ms;
  CHECK_FALSE(meets_slo(slo, true, o, &s, 900ms));
  s.ttft = 450ms;
  CHECK(meets_slo(slo, true, o, &s, 900ms));  // limits are inclusive
  s.tpot.reset();                             // one token: TPOT undefined, the limit holds
  CHECK(meets_slo(slo, true, o, &s, 900ms));
  s.ttft.reset();                             // no output event: no TTFT, not good
  CHECK_FALSE(meets_slo(slo, true, o, &s, 900ms));
  s.ttft = 100ms;
  slo.itl = 30ms;
  CHECK_FALSE(meets_slo(slo, true, o, &s, 900ms));  // the largest gap is 40 ms
  slo.itl = 40ms;
  CHECK(meets_slo(slo, true, o, &s, 900ms));
  slo.e2e = 800ms;
  CHECK_FALSE(meets_slo(slo, true, o, &s, 900ms));

  stream_observation plain;  // not a stream: stream limits fail, an e2e-only SLO judges the latency
  CHECK_FALSE(meets_slo(slo, true, plain, nullptr, 100ms));
  slo_limits e2e_only;
  e2e_only.e2e = 800ms;
  CHECK(meets_slo(e2e_only, true, plain, nullptr, 100ms));
  CHECK_FALSE(meets_slo(e2e_only, true, plain, nullptr, 900ms));
}
