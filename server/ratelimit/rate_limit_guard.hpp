#pragma once
// Rate limiting as a router guard (router::set_guard): for a request of a limited endpoint class it
// takes a token from the client's bucket and either answers 429 (rate_limit_headers.hpp) or calls
// the route with the RateLimit fields added to its response. Requests of no class, or of a class
// whose limit is off, go straight to the route. Counted per class and outcome on /metrics:
// rate_limit_requests_total{class, outcome="allowed|limited|error"}.
//
// Threads: with an in-process limiter the check runs inline on the I/O thread (a shard lock and a
// SHA-256 of the client's identity, well under a microsecond); with a limiter that may block (redis)
// it runs through `run_blocking` (the compute pool), and the route is resumed on the request's I/O
// thread. A limiter that fails lets the request through (outcome error), never a 5xx.
#include <array>
#include <functional>

#include "server/http/message.hpp"
#include "server/metrics/metrics_registry.hpp"
#include "server/ratelimit/client_identity.hpp"
#include "server/ratelimit/endpoint_class.hpp"
#include "server/ratelimit/rate_limit.hpp"
#include "server/ratelimit/rate_limiter.hpp"

namespace ragbench::server {

struct rate_limit_policy {
  std::array<rate_limit, endpoint_class_count> limits{};  // by endpoint_class; off = not limited
  identity_options identity;

  const rate_limit& limit_of(endpoint_class c) const { return limits[static_cast<std::size_t>(c)]; }
  bool any() const;  // some class is limited
};

// Runs `work` where blocking is allowed (e.g. compute_pool::post). Must not run it inline on the
// caller's thread when that is an I/O thread.
using blocking_runner = std::function<void(std::function<void()> work)>;

class rate_limit_guard {
 public:
  // `limiter` and `metrics` must outlive the guard. Registers the counters.
  rate_limit_guard(rate_limit_policy policy, rate_limiter& limiter, metrics_registry& metrics,
                   blocking_runner run_blocking);

  // The router::route_guard. Thread-safe.
  void operator()(request req, handler_context ctx, respond_fn respond, const handler_fn& next);

  const rate_limit_policy& policy() const { return policy_; }
  // Requests counted so far for (class, outcome).
  std::uint64_t count(endpoint_class cls, limit_outcome outcome) const;

 private:
  void finish(endpoint_class cls, const limit_decision& decision, request req, handler_context ctx,
              respond_fn respond, const handler_fn& next);

  rate_limit_policy policy_;
  rate_limiter& limiter_;
  blocking_runner run_blocking_;
  std::array<std::array<counter*, 3>, endpoint_class_count> counters_{};  // [class][outcome]
};

}  // namespace ragbench::server
