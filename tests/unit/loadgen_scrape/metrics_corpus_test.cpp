// The exposition parser against real /metrics outputs: captured ones (tests/data/metrics/, written by
// its capture.sh: ragserver, Prometheus, the nginx exporter) and a live Prometheus started here from
// Debian's package on a free loopback port, fetched with the scraper's own client.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <cstdlib>
#include <unistd.h>
#include <fstream>
#include <sstream>
#include <thread>

#include "loadgen/scrape/exposition_parser.hpp"
#include "loadgen/scrape/metrics_client.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;

namespace {

exposition parse_file(const std::string& name) {
  std::ifstream in(std::string(RAGBENCH_SOURCE_DIR) + "/tests/data/metrics/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto r = parse_exposition(text.str());
  if (auto* e = std::get_if<exposition_error>(&r)) FAIL(name << ": " << e->what());
  return std::get<exposition>(r);
}

const exposition_family& family(const exposition& e, const std::string& name, exposition_type type) {
  const auto* f = e.find(name);
  INFO(name);
  REQUIRE(f);
  CHECK(f->type == type);
  CHECK_FALSE(f->help.empty());
  return *f;
}

// A histogram's buckets: le ascending, cumulative counts never falling, the last +Inf equal to _count.
void check_histogram(const exposition_family& h) {
  INFO(h.name);
  double last_le = -1, last_count = 0, inf_count = -1, count = -1;
  for (const auto& s : h.samples) {
    if (s.name == h.name + "_count") count = s.value;
    if (s.name != h.name + "_bucket") continue;
    const std::string le = *s.label("le");
    if (le == "+Inf") {
      inf_count = s.value;
      last_le = -1, last_count = 0;  // the next label set starts over
      continue;
    }
    const double bound = std::stod(le);
    if (last_le >= 0) CHECK(bound > last_le);
    CHECK(s.value >= last_count);
    last_le = bound;
    last_count = s.value;
  }
  CHECK(inf_count >= 0);
  CHECK(count >= 0);
}

// A program's path from PATH (child_process execs a path, not a name).
std::string on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  FAIL(program << " is not installed (ci/setup.sh installs it)");
  return {};
}

unsigned short free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

}  // namespace

TEST_CASE("metrics corpus: ragserver's /metrics", "[scrape][corpus]") {
  const auto e = parse_file("ragserver.txt");
  const auto& requests = family(e, "http_requests_total", exposition_type::counter);
  REQUIRE_FALSE(requests.samples.empty());
  for (const auto& s : requests.samples) {
    CHECK(s.label("route"));
    CHECK(s.label("method"));
    CHECK(s.label("status"));
  }
  check_histogram(family(e, "http_request_duration_seconds", exposition_type::histogram));
  check_histogram(family(e, "llm_time_to_first_token_seconds", exposition_type::histogram));
  const auto& cache = family(e, "cache_requests_total", exposition_type::counter);
  bool hit = false;
  for (const auto& s : cache.samples) hit = hit || (*s.label("result") == "hit" && s.value > 0);
  CHECK(hit);  // the capture asked the same query twice
  family(e, "process_cpu_seconds_total", exposition_type::counter);
  CHECK(family(e, "process_resident_memory_bytes", exposition_type::gauge).samples.at(0).value > 1e6);
  CHECK(family(e, "index_vectors", exposition_type::gauge).samples.at(0).value >= 1);
  family(e, "pool_waiters", exposition_type::gauge);
  family(e, "pool_connections", exposition_type::gauge);
}

TEST_CASE("metrics corpus: Prometheus's own /metrics (Go client: summaries, histograms, escapes)", "[scrape][corpus]") {
  const auto e = parse_file("prometheus.txt");
  CHECK(e.families.size() > 100);
  const auto& gc = family(e, "go_gc_duration_seconds", exposition_type::summary);
  bool quantile = false, sum = false;
  for (const auto& s : gc.samples) {
    quantile = quantile || s.label("quantile");
    sum = sum || s.name == "go_gc_duration_seconds_sum";
  }
  CHECK(quantile);
  CHECK(sum);
  check_histogram(family(e, "prometheus_http_request_duration_seconds", exposition_type::histogram));
  const auto& build = family(e, "prometheus_build_info", exposition_type::gauge);
  CHECK(build.samples.at(0).label("version"));
  family(e, "process_cpu_seconds_total", exposition_type::counter);
}

TEST_CASE("metrics corpus: the nginx exporter's /metrics", "[scrape][corpus]") {
  const auto e = parse_file("nginx_exporter.txt");
  CHECK(family(e, "nginx_up", exposition_type::gauge).samples.at(0).value == 1);
  CHECK(family(e, "nginx_connections_accepted", exposition_type::counter).samples.at(0).value >= 1);
  CHECK(family(e, "nginx_http_requests_total", exposition_type::counter).samples.at(0).value >= 5);
  family(e, "nginx_connections_active", exposition_type::gauge);
  const auto* info = e.find("nginxexporter_build_info");
  REQUIRE(info);
  CHECK(info->samples.at(0).label("version"));
}

TEST_CASE("metrics corpus: a live Prometheus, fetched by the scraper's client, parses", "[scrape][corpus][prometheus]") {
  ragbench::testing::temp_dir dir;
  const auto port = free_port();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  std::ofstream(dir.str() + "/prometheus.yml") << "global: {scrape_interval: 1s}\n"
                                                  "scrape_configs:\n  - job_name: self\n"
                                                  "    static_configs: [{targets: ['" << listen << "']}]\n";
  ragbench::testing::child_process prometheus(
      {on_path("prometheus"), "--config.file=" + dir.str() + "/prometheus.yml", "--storage.tsdb.path=" + dir.str() + "/data",
       "--web.listen-address=" + listen},
      dir.str() + "/prometheus");
  metrics_client client;
  const scrape_url ready = std::get<scrape_url>(parse_scrape_url("http://" + listen + "/-/ready"));
  bool up = false;
  for (int i = 0; i < 150 && !up && prometheus.running(); ++i) {
    up = client.fetch(ready, std::chrono::seconds(1)).ok;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  INFO(prometheus.stderr_text());
  REQUIRE(up);
  const auto got = client.fetch(std::get<scrape_url>(parse_scrape_url("http://" + listen + "/metrics")),
                                std::chrono::seconds(5));
  REQUIRE(got.ok);
  auto r = parse_exposition(got.body);
  if (auto* err = std::get_if<exposition_error>(&r)) FAIL(err->what());
  const auto& e = std::get<exposition>(r);
  CHECK(e.find("go_gc_duration_seconds")->type == exposition_type::summary);
  CHECK(e.find("prometheus_http_requests_total")->type == exposition_type::counter);
  CHECK(e.sample_count() > 200);
  prometheus.signal(SIGTERM);
  CHECK(prometheus.wait(std::chrono::seconds(30)).has_value());
}
