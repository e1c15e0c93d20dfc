#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "server/metrics/process_metrics.hpp"

using namespace ragbench::server;

TEST_CASE("process stats are read from /proc/self", "[metrics][process]") {
  const auto stats = read_process_stats();
  REQUIRE(stats);
  CHECK(stats->resident_memory_bytes > 1024 * 1024);
  CHECK(stats->virtual_memory_bytes >= stats->resident_memory_bytes);
  CHECK(stats->cpu_seconds_total >= 0);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(stats->start_time_seconds <= now + 1);
  CHECK(stats->start_time_seconds > now - 24 * 3600);
}

TEST_CASE("open fd count follows open and close", "[metrics][process]") {
  const auto before = count_open_fds();
  REQUIRE(before);
  const int fd = ::open("/proc/self/stat", O_RDONLY);
  REQUIRE(fd >= 0);
  CHECK(count_open_fds() == *before + 1);
  ::close(fd);
  CHECK(count_open_fds() == *before);
}

TEST_CASE("process metrics are registered under their standard names", "[metrics][process]") {
  metrics_registry registry;
  register_process_metrics(registry);
  const std::string text = registry.render();
  for (const char* name : {"process_resident_memory_bytes", "process_virtual_memory_bytes",
                           "process_cpu_seconds_total", "process_open_fds", "process_start_time_seconds"}) {
    INFO(name);
    CHECK(text.find(std::string("\n") + name + " ") != std::string::npos);
  }
  CHECK(text.find("# TYPE process_cpu_seconds_total counter\n") != std::string::npos);
  CHECK_THROWS_AS(register_process_metrics(registry), std::invalid_argument);
}
