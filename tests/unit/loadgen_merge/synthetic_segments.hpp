#pragma once
// Synthetic segments of one distributed test for the merge tests: one deterministic stream of samples
// (two endpoints, a latency spread over 1..190 ms, some failures) dealt round-robin to `count`
// segment recorders, and also recorded whole by one recorder, so that a merge of the segments can be
// compared with what one process would have measured.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen::testing {

inline constexpr std::int64_t synthetic_start_ms = 1'760'000'000'000;

struct synthetic_test {
  std::vector<run_result> segments;  // index order
  run_result whole;                  // the same samples in one run (no segment object)
};

inline std::vector<kpi> parsed_kpis(const std::vector<std::pair<std::string, std::string>>& exprs) {
  std::vector<kpi> out;
  for (const auto& [endpoint, text] : exprs) out.push_back(std::get<kpi>(parse_kpi(text, endpoint)));
  return out;
}

// `seconds` seconds of `per_second` samples per second; sample i of a second goes to segment i % count.
inline synthetic_test synthetic(int count, int n_seconds = 6, int per_second = 40,
                                const std::vector<std::pair<std::string, std::string>>& kpi_exprs = {},
                                const std::string& model = "open") {
  using namespace std::chrono;
  const auto start = fake_clock().now();
  std::vector<std::unique_ptr<fake_clock>> clocks;  // one per recorder: the segments', then the whole run's
  std::vector<std::unique_ptr<stats_recorder>> recs;
  for (int k = 0; k <= count; ++k) {
    clocks.push_back(std::make_unique<fake_clock>());
    recs.push_back(std::make_unique<stats_recorder>(*clocks.back(), start));
    recs.back()->register_endpoint("search");
    recs.back()->register_endpoint("query");
  }
  stats_recorder& whole = *recs.back();
  for (int s = 0; s < n_seconds; ++s) {
    for (int i = 0; i < per_second; ++i) {
      const auto at = start + seconds(s) + milliseconds(i * 1000 / per_second);
      const auto lat = microseconds(1000 + ((s * 7919 + i * 104729) % 5000) * 37);
      const std::size_t seg = static_cast<std::size_t>(i % count);
      const std::size_t endpoint = i % 3 == 0 ? 1 : 0;
      for (auto* r : {recs[seg].get(), &whole}) {
        clocks[r == &whole ? clocks.size() - 1 : seg]->set(at);
        if (i % 17 == 5) r->record_failure(endpoint, error_kind::status, lat, lat, 503, "status 503", "overloaded");
        else r->record_success(endpoint, lat, lat - microseconds(50), 200, 100, 1000 + i);
      }
    }
  }
  const auto kpis = parsed_kpis(kpi_exprs);
  auto finish = [&](run_result& run, const stats_recorder& rec) {
    run.scenario = "synthetic";
    run.started_at = "2025-10-09T08:53:20Z";
    run.duration_s = n_seconds;
    run.model = model;
    run.target = "http://127.0.0.1:8080";
    run.settings = {{"arrival_rate", std::to_string(per_second) + "/s"}};
    run.stats = rec.snapshot();
    compute_totals(run);
    evaluate_kpis(run, kpis);
  };
  synthetic_test t;
  for (int k = 0; k < count; ++k) {
    run_result run;
    recs[static_cast<std::size_t>(k)]->record_dropped(static_cast<std::uint64_t>(k));
    finish(run, *recs[static_cast<std::size_t>(k)]);
    run.segment = run_segment{k, count, "run-7", "sha256:0123abcd", synthetic_start_ms, {}};
    t.segments.push_back(std::move(run));
  }
  whole.record_dropped(static_cast<std::uint64_t>(count * (count - 1) / 2));
  finish(t.whole, whole);
  return t;
}

}  // namespace ragbench::loadgen::testing
