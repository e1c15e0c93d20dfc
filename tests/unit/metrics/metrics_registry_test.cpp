#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics/metrics_registry.hpp"
#include "server/metrics/text_format.hpp"

using namespace ragbench::server;

TEST_CASE("counters render with HELP, TYPE and labels", "[metrics]") {
  metrics_registry registry;
  auto& requests = registry.add_counter("http_requests_total", "HTTP requests served.", {"route", "status"});
  requests.labels({"/health", "200"}).inc();
  requests.labels({"/health", "200"}).inc(2);
  requests.labels({"/v1/search", "400"}).inc();
  const std::string text = registry.render();
  CHECK(text ==
        "# HELP http_requests_total HTTP requests served.\n"
        "# TYPE http_requests_total counter\n"
        "http_requests_total{route=\"/health\",status=\"200\"} 3\n"
        "http_requests_total{route=\"/v1/search\",status=\"400\"} 1\n");
}

TEST_CASE("labels() returns a stable handle", "[metrics]") {
  metrics_registry registry;
  auto& family = registry.add_counter("hits_total", "Hits.", {"tier"});
  counter& a = family.labels({"lru"});
  for (int i = 0; i < 50; ++i) family.labels({"t" + std::to_string(i)});  // grow the map
  CHECK(&a == &family.labels({"lru"}));
  a.inc(7);
  CHECK(family.labels({"lru"}).value() == 7);
}

TEST_CASE("gauges set, inc and dec", "[metrics]") {
  metrics_registry registry;
  gauge& g = registry.simple_gauge("queue_depth", "Items waiting.");
  g.set(10);
  g.inc(2.5);
  g.dec();
  CHECK(g.value() == Approx(11.5));
  CHECK(registry.render().find("queue_depth 11.5\n") != std::string::npos);
}

TEST_CASE("histograms render cumulative buckets, +Inf, sum and count", "[metrics]") {
  metrics_registry registry;
  auto& family = registry.add_histogram("op_duration_seconds", "Op latency.", {"op"}, {0.1, 1});
  histogram& h = family.labels({"get"});
  h.observe(0.05);
  h.observe(0.1);  // le is inclusive
  h.observe(0.5);
  h.observe(std::chrono::seconds(3));
  CHECK(registry.render() ==
        "# HELP op_duration_seconds Op latency.\n"
        "# TYPE op_duration_seconds histogram\n"
        "op_duration_seconds_bucket{op=\"get\",le=\"0.1\"} 2\n"
        "op_duration_seconds_bucket{op=\"get\",le=\"1\"} 3\n"
        "op_duration_seconds_bucket{op=\"get\",le=\"+Inf\"} 4\n"
        "op_duration_seconds_sum{op=\"get\"} 3.65\n"
        "op_duration_seconds_count{op=\"get\"} 4\n");
}

TEST_CASE("default latency buckets span 0.5ms to 10s in seconds", "[metrics]") {
  const auto b = default_latency_buckets();
  REQUIRE(b.size() >= 10);
  CHECK(b.front() == 0.0005);
  CHECK(b.back() == 10);
  for (std::size_t i = 1; i < b.size(); ++i) CHECK(b[i] > b[i - 1]);
}

TEST_CASE("label values and help text are escaped", "[metrics]") {
  CHECK(escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(escape_help("line1\nback\\slash \"quoted\"") == "line1\\nback\\\\slash \"quoted\"");
  metrics_registry registry;
  registry.add_counter("odd_total", "Two\nlines.", {"path"}).labels({"C:\\dir\"x\"\n"}).inc();
  const std::string text = registry.render();
  CHECK(text.find("# HELP odd_total Two\\nlines.\n") != std::string::npos);
  CHECK(text.find("odd_total{path=\"C:\\\\dir\\\"x\\\"\\n\"} 1\n") != std::string::npos);
}

TEST_CASE("special values are formatted for Prometheus", "[metrics]") {
  CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(format_value(0.0005) == "0.0005");
  CHECK(format_value(std::uint64_t{18446744073709551615u}) == "18446744073709551615");
}

TEST_CASE("invalid registrations are rejected with a clear error", "[metrics]") {
  metrics_registry registry;
  CHECK_THROWS_WITH(registry.add_counter("9bad", "x"), Catch::Contains("invalid metric name '9bad'"));
  CHECK_THROWS_WITH(registry.add_counter("ok_total", "x", {"bad-label"}), Catch::Contains("invalid label name"));
  CHECK_THROWS_WITH(registry.add_counter("ok_total", "x", {"__reserved"}), Catch::Contains("invalid label name"));
  CHECK_THROWS_WITH(registry.add_histogram("h_seconds", "x", {"le"}), Catch::Contains("reserved"));
  CHECK_THROWS_WITH(registry.add_counter("dup_total", "x", {"a", "a"}), Catch::Contains("duplicate label"));
  CHECK_THROWS_WITH(registry.add_histogram("h_seconds", "x", {}, {1, 0.5}), Catch::Contains("strictly increasing"));
  registry.add_counter("used_total", "x", {"a"});
  CHECK_THROWS_WITH(registry.add_gauge("used_total", "x", {"a"}), Catch::Contains("already registered"));
  CHECK_THROWS_WITH(registry.add_counter("used_total", "x", {"b"}), Catch::Contains("already registered"));
  CHECK_THROWS_WITH(registry.add_counter("used_total", "x", {"a"}).labels({"1", "2"}),
                    Catch::Contains("takes 1 label value(s), got 2"));
  CHECK_THROWS_WITH(registry.add_callback_gauge("used_total", "x", [] { return 1.0; }),
                    Catch::Contains("already registered"));
}

TEST_CASE("registering the same family twice shares it", "[metrics]") {
  metrics_registry registry;
  auto& a = registry.add_counter("shared_total", "x", {"k"});
  auto& b = registry.add_counter("shared_total", "x", {"k"});
  CHECK(&a == &b);
}

TEST_CASE("callback gauges are evaluated at render time", "[metrics]") {
  metrics_registry registry;
  double size = 3;
  registry.add_callback_gauge("index_vectors", "Vectors in the index.", [&] { return size; });
  registry.add_callback_family("jobs", "Jobs by state.", metric_type::gauge, {"state"}, [] {
    return std::vector<labelled_value>{{{"queued"}, 2}, {{"running"}, 1}};
  });
  registry.add_callback_gauge("broken", "Throws.", []() -> double { throw std::runtime_error("down"); });
  CHECK(registry.render().find("index_vectors 3\n") != std::string::npos);
  size = 42;
  const std::string text = registry.render();
  CHECK(text.find("index_vectors 42\n") != std::string::npos);
  CHECK(text.find("jobs{state=\"queued\"} 2\njobs{state=\"running\"} 1\n") != std::string::npos);
  CHECK(text.find("broken") == std::string::npos);
  CHECK(registry.remove_callback("index_vectors"));
  CHECK_FALSE(registry.remove_callback("index_vectors"));
  CHECK(registry.render().find("index_vectors") == std::string::npos);
}

TEST_CASE("concurrent increments from many threads give the exact total", "[metrics][concurrency]") {
  const int threads = GENERATE(2, 8, 40);  // 40 > shard count: threads share cells
  constexpr int per_thread = 20000;
  metrics_registry registry;
  counter& c = registry.add_counter("ops_total", "Ops.", {"kind"}).labels({"x"});
  histogram& h = registry.simple_histogram("op_seconds", "Op latency.", {0.5});
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        c.inc();
        h.observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (auto& t : pool) t.join();
  const auto total = static_cast<std::uint64_t>(threads) * per_thread;
  CHECK(c.value() == total);
  const auto snap = h.snapshot();
  CHECK(snap.count == total);
  CHECK(snap.cumulative[0] == total / 2);
  CHECK(snap.sum == Approx(static_cast<double>(total) * 0.625));
}
