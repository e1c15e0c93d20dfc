// Series from successive scrapes: rates, ratios, interval quantiles and means, names and bounds.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "loadgen/scrape/series_extractor.hpp"

using namespace ragbench::loadgen;

namespace {

exposition parsed(const std::string& text) {
  auto r = parse_exposition(text);
  REQUIRE(std::holds_alternative<exposition>(r));
  return std::get<exposition>(r);
}

series_selector selector(std::string name, std::string metric) {
  series_selector s;
  s.name = std::move(name);
  s.metric = std::move(metric);
  return s;
}

// The value of the point named `name`, or NaN.
double value_of(const std::vector<series_point>& points, const std::string& name) {
  for (const auto& p : points)
    if (p.name == name) return p.value;
  return std::nan("");
}

std::string cache_text(int lru_hits, int lru_misses, int redis_hits, int redis_misses) {
  return "# TYPE cache_requests_total counter\n"
         "cache_requests_total{tier=\"lru\",result=\"hit\"} " + std::to_string(lru_hits) + "\n"
         "cache_requests_total{tier=\"lru\",result=\"miss\"} " + std::to_string(lru_misses) + "\n"
         "cache_requests_total{tier=\"redis\",result=\"hit\"} " + std::to_string(redis_hits) + "\n"
         "cache_requests_total{tier=\"redis\",result=\"miss\"} " + std::to_string(redis_misses) + "\n";
}

}  // namespace

TEST_CASE("series: a counter becomes a per-second rate over each interval, from the second scrape on", "[scrape]") {
  series_extractor x({selector("cpu_seconds_rate", "process_cpu_seconds_total")}, "");
  auto text = [](double v) { return "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + std::to_string(v) + "\n"; };
  CHECK(x.observe(0.0, parsed(text(10))).empty());  // the baseline
  auto p = x.observe(2.0, parsed(text(11.5)));
  REQUIRE(p.size() == 1);
  CHECK(p[0].name == "cpu_seconds_rate");
  CHECK(p[0].unit == "");  // seconds per second: busy cores
  CHECK(p[0].value == Approx(0.75));
  p = x.observe(3.0, parsed(text(0.25)));  // restarted: counts from zero
  REQUIRE(p.size() == 1);
  CHECK(p[0].value == Approx(0.25));
  CHECK(x.seen(0));
}

TEST_CASE("series: gauges as scraped, summed per `by` group, filtered by `match`", "[scrape]") {
  auto in_use = selector("pool_in_use", "pool_connections");
  in_use.match = {{"state", "in_use"}};
  in_use.by = {"pool"};
  series_extractor x({selector("rss_bytes", "process_resident_memory_bytes"), in_use, selector("absent", "nope")}, "");
  const auto p = x.observe(0.0, parsed("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1048576\n"
                                       "# TYPE pool_connections gauge\n"
                                       "pool_connections{pool=\"pg\",state=\"idle\"} 3\n"
                                       "pool_connections{pool=\"pg\",state=\"in_use\"} 5\n"
                                       "pool_connections{pool=\"redis\",state=\"in_use\"} 2\n"));
  REQUIRE(p.size() == 3);
  CHECK(value_of(p, "rss_bytes") == 1048576);
  CHECK(p[0].unit == "bytes");
  CHECK(value_of(p, "pool_in_use{pool=pg}") == 5);
  CHECK(value_of(p, "pool_in_use{pool=redis}") == 2);
  CHECK_FALSE(x.seen(2));
}

TEST_CASE("series: ratio_of is the share of the interval's counts (a hit ratio per tier)", "[scrape]") {
  auto hit = selector("cache_hit_ratio", "cache_requests_total");
  hit.by = {"tier"};
  hit.ratio_of = {{"result", "hit"}};
  series_extractor x({hit}, "");
  CHECK(x.observe(0, parsed(cache_text(10, 90, 0, 0))).empty());
  const auto p = x.observe(1, parsed(cache_text(40, 100, 0, 0)));  // lru: 30 hits of 40; redis: no lookups
  REQUIRE(p.size() == 1);
  CHECK(p[0].name == "cache_hit_ratio{tier=lru}");
  CHECK(p[0].unit == "ratio");
  CHECK(p[0].value == Approx(0.75));
  const auto q = x.observe(2, parsed(cache_text(40, 110, 5, 5)));
  CHECK(value_of(q, "cache_hit_ratio{tier=lru}") == 0);
  CHECK(value_of(q, "cache_hit_ratio{tier=redis}") == Approx(0.5));
}

TEST_CASE("series: a histogram becomes quantiles of the interval's bucket deltas", "[scrape]") {
  auto ttft = selector("server_ttft", "llm_time_to_first_token_seconds");
  ttft.by = {"route"};
  series_extractor x({ttft}, "");
  auto text = [](int b1, int b2, int b3, int inf) {
    auto line = [](const char* le, int n) {
      return "llm_time_to_first_token_seconds_bucket{route=\"/v1/chat\",le=\"" + std::string(le) + "\"} " +
             std::to_string(n) + "\n";
    };
    return "# TYPE llm_time_to_first_token_seconds histogram\n" + line("0.1", b1) + line("0.2", b2) + line("0.4", b3) +
           line("+Inf", inf) + "llm_time_to_first_token_seconds_sum{route=\"/v1/chat\"} 9\n" +
           "llm_time_to_first_token_seconds_count{route=\"/v1/chat\"} " + std::to_string(inf) + "\n";
  };
  CHECK(x.observe(0, parsed(text(100, 100, 100, 100))).empty());
  // The interval: 0 below 0.1 s, 50 in (0.1, 0.2], 50 in (0.2, 0.4], none above.
  const auto p = x.observe(1, parsed(text(100, 150, 200, 200)));
  REQUIRE(p.size() == 3);
  CHECK(p[0].unit == "s");
  CHECK(value_of(p, "server_ttft_p50{route=/v1/chat}") == Approx(0.2));
  CHECK(value_of(p, "server_ttft_p95{route=/v1/chat}") == Approx(0.38));
  CHECK(value_of(p, "server_ttft_p99{route=/v1/chat}") == Approx(0.396));
  // An interval without observations has no quantiles.
  CHECK(x.observe(2, parsed(text(100, 150, 200, 200))).empty());
}

TEST_CASE("series: bucket_quantile interpolates like histogram_quantile", "[scrape]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(std::isnan(bucket_quantile(0.5, {})));
  CHECK(std::isnan(bucket_quantile(0.5, {{1, 0}, {inf, 0}})));
  CHECK(bucket_quantile(0.5, {{1, 10}, {inf, 10}}) == Approx(0.5));       // first bucket: from 0
  CHECK(bucket_quantile(0.5, {{1, 0}, {2, 10}, {inf, 10}}) == Approx(1.5));
  CHECK(bucket_quantile(0.99, {{1, 5}, {2, 5}, {inf, 10}}) == 2);           // in +Inf: the highest bound
  CHECK(bucket_quantile(1.0, {{0.5, 4}, {1, 8}, {inf, 8}}) == 1);
  CHECK(bucket_quantile(0.5, {{-1, 10}, {inf, 10}}) == -1);
}

TEST_CASE("series: a summary becomes the interval's mean, and Inf and NaN give no point", "[scrape]") {
  series_extractor x({selector("rpc", "rpc_duration_seconds"), selector("g", "g")}, "");
  auto text = [](double sum, double count, const char* g) {
    return "# TYPE rpc_duration_seconds summary\nrpc_duration_seconds{quantile=\"0.5\"} 1\nrpc_duration_seconds_sum " +
           std::to_string(sum) + "\nrpc_duration_seconds_count " + std::to_string(count) + "\n# TYPE g gauge\ng " + g + "\n";
  };
  CHECK(x.observe(0, parsed(text(10, 100, "NaN"))).empty());
  const auto p = x.observe(1, parsed(text(14, 120, "+Inf")));
  REQUIRE(p.size() == 1);
  CHECK(p[0].name == "rpc_mean");
  CHECK(p[0].value == Approx(0.2));
  CHECK(p[0].unit == "s");
}

TEST_CASE("series: several sources get an instance label, and units can be named", "[scrape]") {
  auto rate = selector("request_rate", "http_requests_total");
  rate.by = {"route"};
  auto fds = selector("fds", "process_open_fds");
  fds.unit = "ratio";
  series_extractor x({rate, fds}, "127.0.0.1:8080");
  auto text = [](int n) {
    return "# TYPE http_requests_total counter\n"
           "http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} " + std::to_string(n) + "\n"
           "http_requests_total{route=\"/health\",method=\"GET\",status=\"503\"} " + std::to_string(n) + "\n"
           "process_open_fds 7\n";
  };
  x.observe(0, parsed(text(0)));
  const auto p = x.observe(0.5, parsed(text(10)));
  CHECK(value_of(p, "request_rate{instance=127.0.0.1:8080,route=/health}") == Approx(40));
  CHECK(value_of(p, "fds{instance=127.0.0.1:8080}") == 7);
  for (const auto& point : p)
    if (point.name.starts_with("fds")) CHECK(point.unit == "ratio");
    else CHECK(point.unit == "1/s");
}

TEST_CASE("series: a `by` over a label of high cardinality stops at the bound", "[scrape]") {
  auto by_id = selector("per_id", "g");
  by_id.by = {"id"};
  series_extractor x({by_id}, "");
  std::string text = "# TYPE g gauge\n";
  for (std::size_t i = 0; i < max_series_per_source + 50; ++i) text += "g{id=\"" + std::to_string(i) + "\"} 1\n";
  CHECK(x.observe(0, parsed(text)).size() == max_series_per_source);
  CHECK(x.truncated());
}
