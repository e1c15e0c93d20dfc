// loadgen's live metrics in Prometheus text: fixed cumulative buckets from the HDR histograms, escaped
// labels, and an exposition that the real Prometheus's promtool accepts.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sys/wait.h>

#include "loadgen/live/prometheus_text.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

struct promtool_result {
  int status = -1;
  std::string output;
};

// `promtool check metrics` (Debian's prometheus package) on `text`: exit 0 when valid and lint-clean.
promtool_result promtool_check(const std::string& text) {
  ragbench::testing::temp_dir dir;
  const std::string path = dir.str() + "/metrics.txt";
  std::ofstream(path) << text;
  promtool_result r;
  FILE* p = popen(("promtool check metrics < " + path + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) r.output += buf;
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

live_metrics sample_metrics() {
  endpoint_progress search;
  search.name = "search";
  search.requests = 6;
  search.failures = 1;
  search.errors[static_cast<std::size_t>(error_kind::timeout)] = 1;
  for (std::chrono::nanoseconds d : {std::chrono::nanoseconds(200us), std::chrono::nanoseconds(800us),
                                     std::chrono::nanoseconds(3ms), std::chrono::nanoseconds(40ms),
                                     std::chrono::nanoseconds(2s)})
    search.latency.record(d);
  search.latency.record(std::chrono::nanoseconds(200s));  // beyond the last bound: only in +Inf
  endpoint_progress odd;
  odd.name = "say \"hi\"\\now\nthen";
  odd.requests = 2;
  odd.rate_limited = 2;
  progress_view p;
  p.elapsed = 12s;
  p.total = 60s;
  p.open_model = true;
  p.users = 7;
  p.target_rate_per_s = 250;
  p.late = 3;
  p.dropped = 1;
  p.endpoints = {search, odd};
  return metrics_of(p);
}

}  // namespace

TEST_CASE("live metrics: fixed latency buckets, cumulative, from the HDR histogram", "[live][metrics]") {
  const auto m = sample_metrics();
  REQUIRE(m.endpoints.size() == 2);
  const auto& s = m.endpoints[0];
  // Bounds 0.5ms 1ms 2.5ms 5ms 10ms 25ms 50ms ... 2.5s ...
  CHECK(s.latency_buckets[0] == 1);   // 200us
  CHECK(s.latency_buckets[1] == 2);   // + 800us
  CHECK(s.latency_buckets[2] == 2);
  CHECK(s.latency_buckets[3] == 3);   // + 3ms
  CHECK(s.latency_buckets[6] == 4);   // + 40ms (<= 50ms)
  CHECK(s.latency_buckets[10] == 4);  // 1s
  CHECK(s.latency_buckets[11] == 5);  // + 2s (<= 2.5s)
  CHECK(s.latency_buckets.back() == 5);  // 120s: 200s is above every bound
  CHECK(s.latency_count == 6);
  CHECK(s.latency_sum_s == Approx(202.044).epsilon(1e-6));
}

TEST_CASE("live metrics: the exposition text names, labels and escapes", "[live][metrics]") {
  const std::string text = prometheus_text(sample_metrics());
  CHECK(has_line(text, "# TYPE loadgen_requests_total counter"));
  CHECK(has_line(text, R"(loadgen_requests_total{endpoint="search"} 6)"));
  CHECK(has_line(text, R"(loadgen_request_failures_total{endpoint="search"} 1)"));
  CHECK(has_line(text, R"(loadgen_request_errors_total{endpoint="search",kind="timeout"} 1)"));
  CHECK(text.find(R"(kind="connect")") == std::string::npos);  // only the kinds seen
  CHECK(has_line(text, "# TYPE loadgen_request_duration_seconds histogram"));
  CHECK(has_line(text, R"(loadgen_request_duration_seconds_bucket{endpoint="search",le="0.0005"} 1)"));
  CHECK(has_line(text, R"(loadgen_request_duration_seconds_bucket{endpoint="search",le="2.5"} 5)"));
  CHECK(has_line(text, R"(loadgen_request_duration_seconds_bucket{endpoint="search",le="+Inf"} 6)"));
  CHECK(has_line(text, R"(loadgen_request_duration_seconds_count{endpoint="search"} 6)"));
  CHECK(has_line(text, R"(loadgen_requests_total{endpoint="say \"hi\"\\now\nthen"} 2)"));
  CHECK(has_line(text, R"(loadgen_rate_limited_total{endpoint="say \"hi\"\\now\nthen"} 2)"));
  CHECK(has_line(text, "loadgen_users 7"));
  CHECK(has_line(text, "loadgen_arrival_rate 250"));
  CHECK(has_line(text, "loadgen_late_starts_total 3"));
  CHECK(has_line(text, "loadgen_dropped_starts_total 1"));
  CHECK(has_line(text, "loadgen_elapsed_seconds 12"));
  CHECK(has_line(text, "loadgen_planned_seconds 60"));
  CHECK(has_line(text, "loadgen_run_finished 0"));
}

TEST_CASE("live metrics: promtool check metrics accepts the exposition, before and during a run", "[live][metrics]") {
  for (const auto& m : {live_metrics{}, sample_metrics()}) {
    const std::string text = prometheus_text(m);
    const auto r = promtool_check(text);
    INFO(text << "\npromtool: " << r.output);
    CHECK(r.status == 0);
    CHECK(r.output.empty());  // no lint complaints either
  }
}

TEST_CASE("promtool check metrics does fail on a broken exposition (the check above can fail)", "[live][metrics]") {
  const auto r = promtool_check("# TYPE loadgen_x counter\nloadgen_x{endpoint=\"a} 1\n");
  CHECK(r.status != 0);
}

TEST_CASE("final metrics: exact figures from the run, finished", "[live][metrics]") {
  run_result run;
  run.model = "closed";
  endpoint_stats e;
  e.name = "query";
  e.requests = 3;
  e.failures = 1;
  for (auto d : {1ms, 2ms, 3ms}) e.latency.record(d);
  run.stats.endpoints.push_back(e);
  live_metrics last;
  last.users = 5;
  last.planned_s = 10;
  last.arrival_rate_per_s = 9;
  const auto m = final_metrics(run, 4s, last);
  CHECK(m.finished);
  CHECK(m.users == 5);
  CHECK(m.arrival_rate_per_s == 0);
  CHECK(m.elapsed_s == 4);
  CHECK(m.planned_s == 10);
  REQUIRE(m.endpoints.size() == 1);
  CHECK(m.endpoints[0].requests == 3);
  CHECK(m.endpoints[0].latency_buckets[3] == 3);  // all <= 5ms
  CHECK(has_line(prometheus_text(m), "loadgen_run_finished 1"));
}
