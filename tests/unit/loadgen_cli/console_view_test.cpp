#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

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

namespace {

progress_view second(std::chrono::seconds at, std::uint64_t requests, std::uint64_t failures) {
  progress_view p;
  p.elapsed = at;
  p.total = 60s;
  p.users = 10;
  p.interval.elapsed = 1s;
  p.interval.requests = requests;
  p.interval.failures = failures;
  for (std::uint64_t i = 0; i < requests; ++i) p.interval.latency.record(std::uint64_t{2'000'000});  // 2 ms
  return p;
}

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f)) out += buf;
  return out;
}

}  // namespace

TEST_CASE("not a terminal: one line per window (10 s by default), with its figures and the running totals",
          "[console]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  {
    console_view view(f, false, 3s);
    for (int s = 1; s <= 7; ++s) view.update(second(std::chrono::seconds(s), 100, s == 2 ? 6 : 0));
    view.finish();
  }
  const std::string text = read_all(f);
  std::fclose(f);
  // Seconds 1-3 and 4-6 make two lines; second 7 waits for its window.
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK_THAT(text, Catch::Contains("last 3s: rps    100.0  errors  2.00%") &&
                       Catch::Contains("| total 300 req, 6 failed") && Catch::Contains("| total 600 req, 6 failed"));
  CHECK_THAT(text, Catch::Contains("p50 2.0"));
}

TEST_CASE("on a terminal the line is rewritten every second, and the last update of the run is always shown",
          "[console]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  {
    console_view view(f, true, 10s);  // a terminal ignores the interval: every second
    view.update(second(1s, 50, 0));
    view.update(second(2s, 50, 1));
    view.finish();
  }
  const std::string text = read_all(f);
  std::fclose(f);
  CHECK(std::count(text.begin(), text.end(), '\r') == 2);
  CHECK_THAT(text, Catch::Contains("last 1s:") && Catch::Contains("| total 100 req, 1 failed"));
  std::FILE* g = std::tmpfile();
  {
    console_view view(g, false, 10s);
    auto last = second(60s, 10, 0);  // the end of the load: printed though the window is not full
    view.update(last);
  }
  CHECK_THAT(read_all(g), Catch::Contains("[   60s/60s]") && Catch::Contains("total 10 req"));
  std::fclose(g);
}
