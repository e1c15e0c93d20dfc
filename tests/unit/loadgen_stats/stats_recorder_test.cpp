#include <catch2/catch.hpp>

#include <random>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "loadgen/stats/stats_recorder.hpp"

using namespace std::chrono_literals;
using namespace ragbench::loadgen;
using ragbench::fake_clock;

TEST_CASE("error kinds have stable names that parse back", "[stats]") {
  for (auto k : all_error_kinds) CHECK(parse_error_kind(to_string(k)) == k);
  CHECK(to_string(error_kind::check) == "check");
  CHECK_FALSE(parse_error_kind("bogus"));
}

TEST_CASE("recorder counts successes and failures per endpoint", "[stats]") {
  fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto a = rec.register_endpoint("a");
  const auto b = rec.register_endpoint("b");
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(rec.register_endpoint("a") == a);
  rec.record_success(a, 5ms, 4ms, 200, 100, 1000);
  rec.record_success(a, 7ms, 6ms, 201, 100, 500);
  rec.record_failure(a, error_kind::timeout, 2s, 2s, 0);
  rec.record_failure(b, error_kind::check, 3ms, 2ms, 200);
  rec.record_dropped();
  rec.record_scheduled(clock.now(), true);
  rec.record_scheduled(clock.now(), true);
  rec.record_scheduled(clock.now(), false);
  CHECK_THROWS_AS(rec.record_success(9, 1ms, 1ms, 200, 0, 0), std::out_of_range);

  const auto s = rec.snapshot();
  REQUIRE(s.endpoints.size() == 2);
  const auto& ea = *s.find("a");
  CHECK(ea.requests == 3);
  CHECK(ea.failures == 1);
  CHECK(ea.bytes_out == 200);
  CHECK(ea.bytes_in == 1500);
  CHECK(ea.status_counts.at(200) == 1);
  CHECK(ea.status_counts.at(201) == 1);
  CHECK(ea.status_counts.at(0) == 1);
  CHECK(ea.error_count(error_kind::timeout) == 1);
  CHECK(ea.latency.count() == 3);
  CHECK(ea.latency.max() == 2'000'000'000u);
  CHECK(ea.service_time.min() == 4'000'000u);
  CHECK(s.find("b")->error_count(error_kind::check) == 1);
  CHECK(s.find("nope") == nullptr);
  CHECK(s.dropped == 1);
  CHECK(s.late == 2);
  REQUIRE(s.load.points().size() == 1);  // all in second 0
  CHECK(s.load.points()[0] == load_point{.second = 0, .scheduled = 3, .late = 2, .dropped = 1, .users_started = 0});
  CHECK(s.aggregate().requests == 4);
}

TEST_CASE("time series has one point per second from the run start", "[stats]") {
  fake_clock clock;
  const auto start = clock.now();
  stats_recorder rec(clock, start);
  const auto a = rec.register_endpoint("a");
  for (int i = 0; i < 30; ++i) {  // 10 per second for 3 seconds; second 1 has one failure
    if (i == 15) rec.record_failure(a, error_kind::reset, 1ms, 1ms, 0);
    else rec.record_success(a, std::chrono::milliseconds(1 + i), 1ms, 200, 0, 0);
    clock.advance(100ms);
  }
  clock.advance(5s);  // a gap: idle seconds produce no points
  rec.record_success(a, 1ms, 1ms, 200, 0, 0);
  const auto pts = rec.snapshot().find("a")->series.points();
  REQUIRE(pts.size() == 4);
  CHECK(pts[0].second == 0);
  CHECK(pts[0].requests == 10);
  CHECK(pts[1].failures == 1);
  CHECK(pts[2].second == 2);
  CHECK(pts[3].second == 8);
  CHECK(pts[3].requests == 1);
  ragbench::hdr_histogram after;
  auto [req, fail] = rec.snapshot().find("a")->series.accumulate(2, after);
  CHECK(req == 11);
  CHECK(fail == 0);
  CHECK(after.count() == 11);
  // Coarse buckets keep values within ~1.6 %.
  CHECK(static_cast<double>(after.max()) == Approx(30e6).epsilon(0.02));
}

TEST_CASE("interval snapshots report the last interval and reset", "[stats]") {
  fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto a = rec.register_endpoint("a");
  for (int i = 1; i <= 100; ++i) rec.record_success(a, std::chrono::milliseconds(i), 1ms, 200, 0, 0);
  rec.record_failure(a, error_kind::connect, 1ms, 0ms, 0);
  clock.advance(2s);
  auto iv = rec.snapshot_and_reset_interval();
  CHECK(iv.requests == 101);
  CHECK(iv.failures == 1);
  CHECK(iv.elapsed == 2s);
  CHECK(iv.rps() == Approx(50.5));
  CHECK(iv.latency_ms_at(50) == Approx(50).epsilon(0.01));
  CHECK(iv.latency_ms_at(99) == Approx(99).epsilon(0.01));
  clock.advance(1s);
  auto next = rec.snapshot_and_reset_interval();
  CHECK(next.requests == 0);
  CHECK(next.rps() == 0);
  CHECK(next.latency_ms_at(99) == 0);
  iv.merge(next);
  CHECK(iv.requests == 101);
}

TEST_CASE("per-thread recorders merge exactly into what one recorder sees", "[stats]") {
  constexpr int threads = 4;
  fake_clock clock;  // thread-safe; every thread reads the same seconds
  const auto start = clock.now();
  std::vector<stats_recorder> recs;
  for (int t = 0; t < threads; ++t) {
    recs.emplace_back(clock, start);
    recs.back().register_endpoint("search");
    recs.back().register_endpoint("query");
  }
  stats_recorder single(clock, start);
  single.register_endpoint("search");
  single.register_endpoint("query");
  auto event = [](int t, int i, std::mt19937& rng, stats_recorder& r) {
    const auto lat = std::chrono::microseconds(100 + rng() % 500'000);
    const endpoint_id id = static_cast<endpoint_id>((t + i) % 2);
    if (i % 50 == 0) r.record_failure(id, error_kind::timeout, lat, lat, 0);
    else r.record_success(id, lat, lat / 2, 200, 10, 100);
  };
  for (int sec = 0; sec < 3; ++sec) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        std::mt19937 rng(static_cast<unsigned>(t * 100 + sec));
        for (int i = 0; i < 2000; ++i) event(t, i, rng, recs[static_cast<std::size_t>(t)]);
      });
    }
    for (auto& th : pool) th.join();
    for (int t = 0; t < threads; ++t) {
      std::mt19937 rng(static_cast<unsigned>(t * 100 + sec));
      for (int i = 0; i < 2000; ++i) event(t, i, rng, single);
    }
    clock.advance(1s);
  }
  stats_recorder merged(clock, start);
  for (const auto& r : recs) merged.merge(r);
  CHECK(merged.snapshot() == single.snapshot());
  run_stats agg;
  for (const auto& r : recs) agg.merge(r.snapshot());
  CHECK(agg == single.snapshot());
  CHECK(agg.find("search")->series.points().size() == 3);
  CHECK(agg.aggregate().requests == threads * 2000 * 3);
}

TEST_CASE("endpoint_totals: each endpoint's cumulative figures, mergeable by name", "[stats][live]") {
  fake_clock clock;
  stats_recorder a(clock, clock.now());
  stats_recorder b(clock, clock.now());
  auto a_search = a.register_endpoint("search");
  a.register_endpoint("upload");
  auto b_query = b.register_endpoint("query");
  auto b_search = b.register_endpoint("search");
  a.record_success(a_search, std::chrono::milliseconds(2), std::chrono::milliseconds(1), 200, 10, 20);
  a.record_failure(a_search, error_kind::timeout, std::chrono::seconds(1), std::chrono::seconds(1), 0);
  b.record_success(b_search, std::chrono::milliseconds(4), std::chrono::milliseconds(3), 200, 10, 20);
  b.record_rate_limited(b_query);

  auto merged = a.endpoint_totals();
  REQUIRE(merged.size() == 2);
  CHECK(merged[1].name == "upload");
  CHECK(merged[1].requests == 0);
  merge_endpoint_progress(merged, b.endpoint_totals());
  REQUIRE(merged.size() == 3);
  const auto& search = merged[0];
  CHECK(search.name == "search");
  CHECK(search.requests == 3);
  CHECK(search.failures == 1);
  CHECK(search.errors[static_cast<std::size_t>(error_kind::timeout)] == 1);
  CHECK(search.latency.count() == 3);
  CHECK(search.latency.max() == 1'000'000'000);
  CHECK(merged[2].name == "query");
  CHECK(merged[2].requests == 1);
  CHECK(merged[2].rate_limited == 1);
  CHECK(merged[2].latency.count() == 0);  // a 429 is not a latency sample
}
