// add_fault_injection: per-route delays (timers) and injected 503s.
#include "server/api/fault_injection.hpp"

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <random>
#include <stdexcept>

#include "server/http/json_response.hpp"

namespace ragbench::server {
namespace {

double uniform01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// The item for `pattern`: its own first, else the catch-all; null when none.
template <class T>
const T* pick(const std::vector<T>& items, std::string_view pattern) {
  const T* all = nullptr;
  for (const auto& i : items) {
    if (i.route == pattern) return &i;
    if (i.route.empty() && all == nullptr) all = &i;
  }
  return all;
}

}  // namespace

void add_fault_injection(router& r, const std::vector<injected_latency>& latencies,
                         const std::vector<injected_errors>& errors) {
  if (latencies.empty() && errors.empty()) return;
  std::vector<std::string> named;
  for (const auto& l : latencies) if (!l.route.empty()) named.push_back(l.route);
  for (const auto& e : errors) if (!e.route.empty()) named.push_back(e.route);
  r.wrap([&](std::string_view, std::string_view pattern, handler_fn inner) -> handler_fn {
    if (!pattern.starts_with("/v1/")) return inner;
    std::erase(named, std::string(pattern));
    const injected_latency* delay = pick(latencies, pattern);
    const injected_errors* fail = pick(errors, pattern);
    if (delay == nullptr && fail == nullptr) return inner;
    const auto min = delay ? delay->min : std::chrono::nanoseconds(0);
    const auto max = delay ? delay->max : std::chrono::nanoseconds(0);
    const double fraction = fail ? fail->fraction : 0.0;
    return [min, max, fraction, inner = std::move(inner)](request req, handler_context ctx, respond_fn respond) {
      const bool inject = fraction > 0 && uniform01() < fraction;
      const bool delayed = max.count() > 0;
      if (delayed) ctx.route_out = nullptr;  // recorded already; the slot may be gone when the timer fires
      auto go = [inject, inner, req = std::move(req), ctx, respond = std::move(respond)]() mutable {
        if (!inject) return inner(std::move(req), ctx, std::move(respond));
        response res = json_error(503, "injected_fault", "an error injected by --inject-errors (testing error states)");
        res.set_header("retry-after", "1");
        respond(std::move(res));
      };
      if (!delayed) return go();
      const auto wait = min + std::chrono::nanoseconds(static_cast<std::int64_t>(uniform01() * double((max - min).count())));
      auto timer = std::make_shared<boost::asio::steady_timer>(ctx.io, wait);
      timer->async_wait([timer, go = std::move(go)](const boost::system::error_code&) mutable { go(); });
    };
  });
  if (!named.empty()) {
    throw std::invalid_argument("fault injection: '" + named.front() + "' is not a route of this server");
  }
}

}  // namespace ragbench::server
