#include "server/app/http_metrics.hpp"

namespace ragbench::server {
namespace {

constexpr std::array<std::string_view, 7> method_names = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

}  // namespace

http_metrics::http_metrics(metrics_registry& registry, const std::vector<std::string>& routes)
    : requests_(registry.add_counter("http_requests_total", "HTTP requests by route, method and status",
                                     {"route", "method", "status"})) {
  auto& durations = registry.add_histogram("http_request_duration_seconds",
                                           "HTTP request latency from request read to response written", {"route"});
  std::vector<std::string> all = routes;
  all.push_back("unmatched");
  slots_.reserve(all.size());
  for (auto& r : all) {
    route_slot slot;
    slot.route = r;
    slot.duration = &durations.labels({r});
    slot.counters = std::make_unique<std::array<std::atomic<counter*>, method_count * status_count>>();
    for (auto& c : *slot.counters) c.store(nullptr, std::memory_order_relaxed);
    slots_.push_back(std::move(slot));
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) route_index_.emplace(slots_[i].route, i);
}

std::size_t http_metrics::method_index(std::string_view method) {
  for (std::size_t i = 0; i < method_names.size(); ++i) {
    if (method_names[i] == method) return i;
  }
  return method_count - 1;
}

void http_metrics::observe(std::string_view route, std::string_view method, unsigned status,
                           std::chrono::nanoseconds duration) {
  auto it = route_index_.find(route);
  route_slot& slot = slots_[it == route_index_.end() ? slots_.size() - 1 : it->second];
  slot.duration->observe(duration);
  if (status < 100 || status > 599) return;
  std::size_t m = method_index(method);
  auto& cell = (*slot.counters)[m * status_count + (status - 100)];
  counter* c = cell.load(std::memory_order_acquire);
  if (!c) {
    std::string method_label = m == method_count - 1 ? std::string("other") : std::string(method_names[m]);
    c = &requests_.labels({slot.route, method_label, std::to_string(status)});
    cell.store(c, std::memory_order_release);
  }
  c->inc();
}

}  // namespace ragbench::server
