// Checks render() output with the real `promtool check metrics` (Prometheus' own parser and linter).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "server/metrics/metrics_registry.hpp"
#include "server/metrics/process_metrics.hpp"

using namespace ragbench::server;

namespace {

struct promtool_result {
  int exit_code = -1;
  std::string output;
};

promtool_result run_promtool(const std::string& exposition) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ragbench_metrics_" + std::to_string(::getpid()) + ".prom");
  {
    std::ofstream out(path);
    out << exposition;
  }
  promtool_result result;
  const std::string command = "promtool check metrics < '" + path.string() + "' 2>&1";
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) result.output += buf;
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::filesystem::remove(path);
  return result;
}

}  // namespace

TEST_CASE("rendered metrics pass promtool check metrics", "[metrics][promtool]") {
  metrics_registry registry;
  auto& requests = registry.add_counter("http_requests_total", "HTTP requests by route, method and status.",
                                        {"route", "method", "status"});
  requests.labels({"/v1/search", "POST", "200"}).inc(5);
  requests.labels({"/odd \"path\"\\x\n", "GET", "404"}).inc();
  auto& latency = registry.add_histogram("http_request_duration_seconds", "Request latency by route.", {"route"});
  latency.labels({"/v1/search"}).observe(0.003);
  latency.labels({"/v1/search"}).observe(12.0);
  latency.labels({"/health"}).observe(0.0001);
  registry.simple_gauge("pool_connections_in_use", "Connections in use.\nSecond line with \\ backslash.").set(3);
  registry.add_callback_family("jobs", "Background jobs by state.", metric_type::gauge, {"state"},
                               [] { return std::vector<labelled_value>{{{"queued"}, 1}, {{"done"}, 4}}; });
  registry.add_callback_gauge("index_vectors", "Vectors in the index.", [] { return 1e6; });
  register_process_metrics(registry);

  const std::string text = registry.render();
  const auto result = run_promtool(text);
  INFO("exposition:\n" << text << "\npromtool said:\n" << result.output);
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("error") == std::string::npos);
}

TEST_CASE("promtool rejects a broken exposition (the check is real)", "[metrics][promtool]") {
  const auto result = run_promtool("# TYPE x counter\nx{a=\"unterminated} 1\n");
  CHECK(result.exit_code != 0);
}
