#pragma once
// A deterministic run_result for the report tests: two endpoints, 20 seconds, a slow warm-up, failures.
#include <chrono>

#include "common/clock.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen::testing {

inline run_result sample_run() {
  using namespace std::chrono_literals;
  fake_clock clock;
  const auto start = clock.now();
  stats_recorder rec(clock, start);
  const auto search = rec.register_endpoint("search");
  const auto query = rec.register_endpoint("query");
  for (int second = 0; second < 20; ++second) {
    // 125 starts a second; a few late ones and a few new users while the warm-up holds them up.
    for (int k = 0; k < 125; ++k) rec.record_scheduled(clock.now(), second < 5 && k < 2);
    if (second < 5) rec.record_user_started();
    for (int i = 0; i < 100; ++i) {
      // Warm-up (first 5 s) is 10x slower; latencies spread 1..100 ms deterministically.
      const auto base = std::chrono::microseconds(1000 + (i * 37 % 100) * 990);
      const auto lat = second < 5 ? base * 10 : base;
      rec.record_success(search, lat, lat - 100us, 200, 120, 2048);
      if (i % 4 == 0) {
        if (i % 20 == 0) {
          if (i % 40 == 0) rec.record_failure(query, error_kind::timeout, 2s, 2s, 0);
          else rec.record_failure(query, error_kind::status, 2s, 2s, 503, "status 503",
                                  R"({"error":{"code":"overloaded","message":"the decode slots are full"}})");
        } else {
          rec.record_success(query, lat * 3, lat * 3 - 50us, 200, 300, 4096);
        }
      }
      clock.advance(10ms);
    }
  }
  rec.record_dropped(3);
  run_result run;
  run.scenario = "knowledge-assistant";
  run.started_at = "2024-05-01T12:00:00Z";
  run.duration_s = 20.0;
  run.model = "open";
  run.target = "http://127.0.0.1:8080";
  run.settings = {{"arrival_rate", "125/s"}, {"profile", "smoke"}};
  run.stats = rec.snapshot();
  compute_totals(run);
  return run;
}

}  // namespace ragbench::loadgen::testing
