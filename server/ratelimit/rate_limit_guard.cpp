// rate_limit_guard: classify, identify, take a token (inline or on the blocking runner), answer.
#include "server/ratelimit/rate_limit_guard.hpp"

#include <boost/asio/post.hpp>

#include "server/ratelimit/rate_limit_headers.hpp"

namespace ragbench::server {
namespace {

constexpr std::array<std::string_view, 3> k_outcomes = {"allowed", "limited", "error"};

}  // namespace

bool rate_limit_policy::any() const {
  for (const auto& l : limits) {
    if (l.enabled()) return true;
  }
  return false;
}

rate_limit_guard::rate_limit_guard(rate_limit_policy policy, rate_limiter& limiter, metrics_registry& metrics,
                                   blocking_runner run_blocking)
    : policy_(std::move(policy)), limiter_(limiter), run_blocking_(std::move(run_blocking)) {
  auto& family = metrics.add_counter(
      "rate_limit_requests_total",
      "Requests of a rate-limited endpoint class by outcome: allowed, limited (answered 429), error (the "
      "limiter's store failed; let through)",
      {"class", "outcome"});
  for (auto cls : all_endpoint_classes) {
    if (!policy_.limit_of(cls).enabled()) continue;
    for (std::size_t o = 0; o < k_outcomes.size(); ++o) {
      counters_[static_cast<std::size_t>(cls)][o] =
          &family.labels({std::string(to_string(cls)), std::string(k_outcomes[o])});
    }
  }
}

std::uint64_t rate_limit_guard::count(endpoint_class cls, limit_outcome outcome) const {
  const counter* c = counters_[static_cast<std::size_t>(cls)][static_cast<std::size_t>(outcome)];
  return c ? c->value() : 0;
}

void rate_limit_guard::operator()(request req, handler_context ctx, respond_fn respond, const handler_fn& next) {
  const auto cls = classify(req.method, req.route);
  if (!cls || !policy_.limit_of(*cls).enabled()) {
    next(std::move(req), std::move(ctx), std::move(respond));
    return;
  }
  const std::uint64_t client = identity_hash(client_identity(req, policy_.identity));
  if (!limiter_.may_block()) {
    const auto decision = limiter_.check(*cls, policy_.limit_of(*cls), client);
    finish(*cls, decision, std::move(req), std::move(ctx), std::move(respond), next);
    return;
  }
  run_blocking_([this, c = *cls, client, req = std::move(req), ctx = std::move(ctx), respond = std::move(respond),
                 next = &next]() mutable {
    const auto decision = limiter_.check(c, policy_.limit_of(c), client);
    if (decision.outcome == limit_outcome::limited) {  // respond() may be called from any thread
      finish(c, decision, std::move(req), std::move(ctx), std::move(respond), *next);
      return;
    }
    auto io = ctx.io;
    boost::asio::post(io, [this, c, decision, req = std::move(req), ctx = std::move(ctx),
                           respond = std::move(respond), next]() mutable {
      finish(c, decision, std::move(req), std::move(ctx), std::move(respond), *next);
    });
  });
}

void rate_limit_guard::finish(endpoint_class cls, const limit_decision& decision, request req, handler_context ctx,
                              respond_fn respond, const handler_fn& next) {
  if (counter* c = counters_[static_cast<std::size_t>(cls)][static_cast<std::size_t>(decision.outcome)]) c->inc();
  const rate_limit& limit = policy_.limit_of(cls);
  switch (decision.outcome) {
    case limit_outcome::limited:
      respond(too_many_requests(cls, limit, decision.verdict));
      return;
    case limit_outcome::allowed:
      next(std::move(req), std::move(ctx),
           [respond = std::move(respond), cls, limit, verdict = decision.verdict](response r) {
             add_rate_limit_fields(r, cls, limit, verdict);
             respond(std::move(r));
           });
      return;
    case limit_outcome::error:
      next(std::move(req), std::move(ctx), std::move(respond));
      return;
  }
}

}  // namespace ragbench::server
