// The scraper: rounds over canned answers (counted failures, series on the run's time axis, warnings),
// its thread, and the real metrics client against a refusing and a silent listener.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <condition_variable>
#include <mutex>

#include "loadgen/scrape/scraper.hpp"

using namespace ragbench::loadgen;

namespace {

scrape_url url(const std::string& text) { return std::get<scrape_url>(parse_scrape_url(text)); }

std::string cpu_text(double seconds) {
  return "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + std::to_string(seconds) + "\n";
}

}  // namespace

TEST_CASE("scraper: failed and unparseable scrapes are counted, good ones become series", "[scrape]") {
  scrape_spec spec;
  spec.urls = {url("http://127.0.0.1:1/metrics"), url("http://127.0.0.1:2/metrics")};
  int round = 0;
  scraper s(spec, [&](const scrape_url& u, std::chrono::nanoseconds timeout) {
    CHECK(timeout == std::chrono::seconds(1));
    fetch_result r;
    if (u.port == 2) {
      if (round == 1) r.error = "connect: Connection refused";
      else r.ok = true, r.body = round == 2 ? "garbage{" : cpu_text(round * 0.5 + 10);
    } else {
      r.ok = true;
      r.body = cpu_text(round * 0.25);
    }
    return r;
  });
  for (round = 0; round < 4; ++round) s.scrape_round(round * 1.0);
  const server_metrics& m = s.result();
  CHECK(m.sources == std::vector<std::string>{"http://127.0.0.1:1/metrics", "http://127.0.0.1:2/metrics"});
  CHECK(m.interval_s == 1);
  CHECK(m.scrapes == 8);
  CHECK(m.failed_scrapes == 2);
  REQUIRE(m.series.size() == 2);
  // Two sources: the instance label tells them apart.
  CHECK(m.series[0].name == "cpu_seconds_rate{instance=127.0.0.1:1}");
  CHECK(m.series[0].points == std::vector<std::pair<double, double>>{{1, 0.25}, {2, 0.25}, {3, 0.25}});
  CHECK(m.series[1].name == "cpu_seconds_rate{instance=127.0.0.1:2}");
  // Source 2 answered at 0 and 3 only: one rate over those three seconds.
  REQUIRE(m.series[1].points.size() == 1);
  CHECK(m.series[1].points[0].first == 3);
  CHECK(m.series[1].points[0].second == Approx(0.5));
  const auto w = s.warnings();
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Catch::Contains("http://127.0.0.1:2/metrics: 2 failed, the first: connect: Connection refused"));
}

TEST_CASE("scraper: named metrics that never appear are a warning, the defaults only when none appears", "[scrape]") {
  scrape_spec spec;
  spec.urls = {url("http://127.0.0.1:1")};
  CHECK(spec.urls[0].target == "/metrics");
  series_selector mine;
  mine.name = mine.metric = "my_metric";
  spec.series = {mine};
  scraper s(spec, [](const scrape_url&, std::chrono::nanoseconds) { return fetch_result{true, "other 1\n", ""}; });
  s.scrape_round(0);
  const auto w = s.warnings();
  REQUIRE(w.size() == 2);
  CHECK(w[0] == "scrape: no such metric in any scrape: my_metric");
  CHECK_THAT(w[1], Catch::Contains("none of the ragserver default series' metrics appeared"));

  scraper quiet(spec, [](const scrape_url&, std::chrono::nanoseconds) { return fetch_result{true, cpu_text(1) + "my_metric 2\n", ""}; });
  quiet.scrape_round(0);
  CHECK(quiet.warnings().empty());
}

TEST_CASE("scraper: the thread scrapes at once and then every interval until stopped", "[scrape]") {
  scrape_spec spec;
  spec.urls = {url("http://127.0.0.1:1/metrics")};
  spec.interval = std::chrono::milliseconds(100);
  std::mutex m;
  std::condition_variable cv;
  int calls = 0;
  scraper s(spec, [&](const scrape_url&, std::chrono::nanoseconds) {
    std::lock_guard lock(m);
    ++calls;
    cv.notify_all();
    return fetch_result{true, cpu_text(calls), ""};
  });
  s.start();
  {
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls >= 4; }));
  }
  const server_metrics got = s.stop();
  CHECK(got.scrapes >= 4);
  CHECK(got.failed_scrapes == 0);
  CHECK(got.interval_s == Approx(0.1));
  REQUIRE(got.series.size() == 1);
  const auto& points = got.series[0].points;
  REQUIRE(points.size() >= 3);
  for (std::size_t i = 1; i < points.size(); ++i) CHECK(points[i].first > points[i - 1].first);
  CHECK(points[0].first >= 0.05);  // the first rate is at the second round, one interval in
}

TEST_CASE("metrics client: a refused connection and a silent server are failures with a reason", "[scrape]") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto silent_port = silent.local_endpoint().port();
  unsigned short closed_port = 0;
  {
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  metrics_client client;
  const auto refused = client.fetch(url("http://127.0.0.1:" + std::to_string(closed_port) + "/metrics"),
                                    std::chrono::seconds(2));
  CHECK_FALSE(refused.ok);
  CHECK_THAT(refused.error, Catch::StartsWith("connect: "));
  // The listener accepts (in the kernel's backlog) but never answers.
  const auto timed_out = client.fetch(url("http://127.0.0.1:" + std::to_string(silent_port) + "/metrics"),
                                      std::chrono::milliseconds(300));
  CHECK_FALSE(timed_out.ok);
  CHECK(timed_out.error == "read: timed out after 300.0ms");
  client.cancel();
  CHECK(client.fetch(url("http://127.0.0.1:" + std::to_string(silent_port) + "/metrics"), std::chrono::seconds(1)).error ==
        "cancelled");
}

TEST_CASE("scrape URLs: http only, /metrics unless a path is given", "[scrape]") {
  auto u = url("http://[::1]:9100/probe?target=x");
  CHECK(u.host == "::1");
  CHECK(u.port == 9100);
  CHECK(u.target == "/probe?target=x");
  CHECK(url("http://localhost").port == 80);
  CHECK(url("http://h:1?x=1").target == "/metrics?x=1");
  auto why = [](const char* text) { return std::get<std::string>(parse_scrape_url(text)); };
  CHECK(why("https://h/metrics") == "https:// is not supported: scrape over http://");
  CHECK(why("h:80/metrics") == "expected http://host[:port][/path]");
  CHECK(why("http://h:0/") == "bad port '0'");
  CHECK(why("http://:80/") == "no host");
  CHECK(why("http://h/a b") == "no spaces or fragment in the path");
}
