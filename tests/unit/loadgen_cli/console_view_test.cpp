#include <catch2/catch.hpp>

#include "loadgen/cli/console_view.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;

TEST_CASE("progress line shows elapsed, users or rate, rps, errors and percentiles", "[console]") {
  progress_view p;
  p.elapsed = 12s;
  p.total = 60s;
  p.users = 100;
  p.interval.elapsed = 1s;
  p.interval.requests = 1000;
  p.interval.failures = 10;
  for (int i = 1; i <= 1000; ++i) p.interval.latency.record(static_cast<std::uint64_t>(i) * 10'000);  // 10us..10ms
  std::string line = format_progress(p);
  CHECK(line.find("12s/60s") != std::string::npos);
  CHECK(line.find("users   100") != std::string::npos);
  CHECK(line.find("rps   1000.0") != std::string::npos);
  CHECK(line.find("errors  1.00%") != std::string::npos);
  CHECK(line.find("p50 5.0") != std::string::npos);
  CHECK(line.find("p99 9.9") != std::string::npos);
  p.open_model = true;
  p.target_rate_per_s = 500;
  p.dropped = 3;
  line = format_progress(p);
  CHECK(line.find("rate     500/s") != std::string::npos);
  CHECK(line.find("dropped 3") != std::string::npos);
}
