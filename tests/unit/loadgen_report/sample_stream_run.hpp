#pragma once
// A deterministic run with a streamed endpoint for the report tests: 50 chat streams over 10 seconds
// (TTFT 200..445 ms, 20 output events each with gaps of 10..29 ms, half with a usage frame saying 3
// tokens per event, two cut), goodput against an SLO, and a plain endpoint beside it.
#include <chrono>

#include "common/clock.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen::testing {

inline run_result sample_stream_run() {
  using namespace std::chrono_literals;
  fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto chat = rec.register_endpoint("chat");
  const auto models = rec.register_endpoint("models");
  for (int i = 0; i < 50; ++i) {
    const bool cut = i % 25 == 24;
    const int events = cut ? 8 : 20;
    stream_sample s;
    s.headers = std::chrono::microseconds(500 + i * 10);
    s.ttft = 200ms + i * 5ms;
    s.ttft_service = *s.ttft - 3ms;
    std::chrono::nanoseconds span{0};
    for (int k = 1; k < events; ++k) {
      const auto gap = std::chrono::milliseconds(10 + (i + k) % 20);
      rec.stream_itl(chat)->record(gap);
      span += gap;
    }
    s.events = static_cast<std::uint64_t>(events);
    s.from_usage = !cut && i % 2 == 0;
    s.tokens = s.events * (s.from_usage ? 3 : 1);
    s.tpot = span / static_cast<std::int64_t>(s.tokens - 1);
    s.tokens_per_s = static_cast<double>(s.tokens - 1) / std::chrono::duration<double>(span).count();
    s.cut = cut;
    const auto latency = *s.ttft + span + 2ms;
    if (!cut) {
      s.e2e = latency;
      s.e2e_service = latency - 3ms;
    }
    rec.record_stream(chat, s);
    if (cut) rec.record_failure(chat, error_kind::stream_cut, latency, latency - 3ms, 0);
    else rec.record_success(chat, latency, latency - 3ms, 200, 300, 4000);
    rec.record_goodput(chat, !cut && *s.ttft <= 400ms);
    rec.record_success(models, 2ms + i * 10us, 2ms + i * 10us, 200, 80, 120);
    clock.advance(200ms);
  }
  run_result run;
  run.scenario = "llm-chat";
  run.started_at = "2024-05-01T12:00:00Z";
  run.duration_s = 10.0;
  run.model = "open";
  run.target = "http://127.0.0.1:8080";
  run.settings = {{"arrival_rate", "5/s"}};
  run.stats = rec.snapshot();
  compute_totals(run);
  return run;
}

}  // namespace ragbench::loadgen::testing
