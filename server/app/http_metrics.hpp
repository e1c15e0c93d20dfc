#pragma once
// Request metrics for the HTTP layer: http_requests_total{route,method,status} and
// http_request_duration_seconds{route}. The per-request path takes no lock: routes are known at
// start-up, and each (route, method, status) counter handle is looked up once and then kept in
// an atomic slot table.
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/metrics/metrics_registry.hpp"

namespace ragbench::server {

class http_metrics {
 public:
  // `routes`: every route pattern the router knows ("unmatched" is added). `registry` must
  // outlive this object.
  http_metrics(metrics_registry& registry, const std::vector<std::string>& routes);

  // Records one finished request. Thread-safe, lock-free after the first request of each
  // (route, method, status).
  void observe(std::string_view route, std::string_view method, unsigned status, std::chrono::nanoseconds duration);

 private:
  static constexpr std::size_t method_count = 8;  // GET HEAD POST PUT DELETE PATCH OPTIONS other
  static constexpr std::size_t status_count = 500;  // 100..599
  struct route_slot {
    std::string route;
    histogram* duration = nullptr;
    std::unique_ptr<std::array<std::atomic<counter*>, method_count * status_count>> counters;
  };
  static std::size_t method_index(std::string_view method);

  metrics_registry::counter_family& requests_;
  std::unordered_map<std::string_view, std::size_t> route_index_;
  std::vector<route_slot> slots_;
};

}  // namespace ragbench::server
