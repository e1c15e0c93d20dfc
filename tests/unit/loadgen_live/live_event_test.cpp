// The live view's event JSON (field names and order are an interface) and its SSE framing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/live/live_event.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;

namespace {

progress_view tick(std::chrono::nanoseconds elapsed, std::uint64_t requests, std::uint64_t failures) {
  progress_view p;
  p.elapsed = elapsed;
  p.total = 60s;
  p.users = 10;
  p.interval.elapsed = 1s;
  p.interval.requests = requests;
  p.interval.failures = failures;
  for (std::uint64_t i = 0; i < requests; ++i) p.interval.latency.record(std::chrono::nanoseconds(1'000'000 + i * 1000));
  return p;
}

}  // namespace

TEST_CASE("live event JSON: the documented keys in the documented order", "[live]") {
  live_event e;
  e.elapsed_s = 12;
  e.total_s = 60;
  e.users = 10;
  e.requests = 950;
  e.failures = 1;
  e.p50_ms = 1.2;
  e.p95_ms = 3.4;
  e.p99_ms = 8;
  e.total_requests = 11400;
  e.total_failures = 3;
  CHECK(to_json(e) ==
        R"({"elapsed_s":12.0,"total_s":60.0,"open_model":false,"users":10,"target_rate":0.0,"requests":950,)"
        R"("failures":1,"p50_ms":1.2,"p95_ms":3.4,"p99_ms":8.0,"dropped":0,"late":0,"total_requests":11400,)"
        R"("total_failures":3,"done":false})");
}

TEST_CASE("an SSE frame is one data line and a blank line", "[live]") {
  CHECK(sse_frame(R"({"a":1})") == "data: {\"a\":1}\n\n");
}

TEST_CASE("live_event_builder: interval figures per tick, running totals across ticks", "[live]") {
  live_event_builder b;
  live_event first = b.next(tick(1s, 100, 2));
  CHECK(first.elapsed_s == 1.0);
  CHECK(first.total_s == 60.0);
  CHECK(first.users == 10);
  CHECK(first.requests == 100);
  CHECK(first.failures == 2);
  CHECK(first.total_requests == 100);
  CHECK(first.p50_ms == Approx(1.05).epsilon(0.01));
  CHECK(first.p99_ms == Approx(1.099).epsilon(0.01));
  CHECK_FALSE(first.done);

  progress_view open = tick(2s, 50, 0);
  open.open_model = true;
  open.target_rate_per_s = 123.4567;
  open.dropped = 3;
  open.late = 4;
  live_event second = b.next(open);
  CHECK(second.requests == 50);
  CHECK(second.total_requests == 150);
  CHECK(second.total_failures == 2);
  CHECK(second.open_model);
  CHECK(second.target_rate == 123.457);
  CHECK(second.dropped == 3);
  CHECK(second.late == 4);

  live_event empty = b.next(tick(3s, 0, 0));
  CHECK(empty.p50_ms == 0);  // no requests in the interval: no percentiles
  CHECK(empty.total_requests == 150);
}

TEST_CASE("the final event: what ended after the last tick, and the run's final totals", "[live]") {
  live_event_builder b;
  progress_view p = tick(1s, 0, 0);
  for (int ms = 1; ms <= 10; ++ms) p.interval.latency.record(std::chrono::milliseconds(ms));
  p.interval.requests = 10;
  p.interval.failures = 1;
  b.next(p);
  run_result run;  // the final statistics: the ten above, then two more during the drain
  run.model = "closed";
  endpoint_stats e;
  e.name = "search";
  for (int ms : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30}) e.latency.record(std::chrono::milliseconds(ms));
  run.stats.endpoints.push_back(e);
  run.totals.requests = 15;  // 12 answered or failed + 3 rate limited (429s are not in the intervals)
  run.totals.rate_limited = 3;
  run.totals.failures = 2;
  run.totals.dropped = 1;
  live_event done = b.final_event(run, 2500ms);
  CHECK(done.done);
  CHECK(done.elapsed_s == 2.5);
  CHECK(done.total_s == 60.0);  // the planned duration seen in the ticks
  CHECK(done.requests == 2);
  CHECK(done.failures == 1);
  CHECK(done.p50_ms == Approx(20).epsilon(0.01));
  CHECK(done.p99_ms == Approx(30).epsilon(0.01));
  CHECK(done.total_requests == 15);
  CHECK(done.total_failures == 2);
  CHECK(done.dropped == 1);
  CHECK(done.target_rate == 0);
  auto j = nlohmann::json::parse(to_json(done));
  CHECK(j["done"] == true);

  live_event_builder untouched;  // a run shorter than a tick: everything is in the final interval
  live_event short_run = untouched.final_event(run, 800ms);
  CHECK(short_run.total_s == 0.8);
  CHECK(short_run.requests == 12);
  CHECK(short_run.failures == 2);
}
