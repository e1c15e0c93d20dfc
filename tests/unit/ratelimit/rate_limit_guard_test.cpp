// The router guard with the memory limiter on a fake clock: requests of no class pass untouched,
// limited ones get a 429 with the JSON error, Retry-After and the RateLimit fields, allowed ones get
// the fields added, counters per class and outcome, and a failing store lets requests through.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "server/ratelimit/local_rate_limiter.hpp"
#include "server/ratelimit/rate_limit_guard.hpp"

using namespace ragbench::server;
using ragbench::fake_clock;
using namespace std::chrono_literals;

namespace {

// A store that is always down (what the redis store reports while Redis is unreachable).
class broken_limiter final : public rate_limiter {
 public:
  limit_decision check(endpoint_class, const rate_limit&, std::uint64_t) override {
    return {limit_outcome::error, {}};
  }
  bool may_block() const override { return false; }
  bool healthy() const override { return false; }
  std::string_view name() const override { return "broken"; }
  std::string describe() const override { return "down"; }
};

struct harness {
  boost::asio::io_context io;
  int handled = 0;
  handler_fn next = [this](request, handler_context, respond_fn respond) {
    ++handled;
    respond(response{200, {{"content-type", "application/json"}}, "{}", nullptr});
  };

  response send(rate_limit_guard& guard, std::string method, std::string_view route, std::string remote,
                header_list headers = {}) {
    request req;
    req.method = std::move(method);
    req.route = route;
    req.remote = std::move(remote);
    req.headers = std::move(headers);
    std::optional<response> out;
    guard(std::move(req), handler_context{io.get_executor()}, [&](response r) { out = std::move(r); }, next);
    REQUIRE(out);
    return *out;
  }
};

rate_limit_policy search_policy(rate_limit limit) {
  rate_limit_policy p;
  p.limits[static_cast<std::size_t>(endpoint_class::search)] = limit;
  return p;
}

blocking_runner inline_runner() {
  return [](std::function<void()> work) { work(); };
}

}  // namespace

TEST_CASE("guard: over the limit is a 429 with the JSON error, Retry-After and RateLimit fields", "[ratelimit][guard]") {
  fake_clock clock;
  clock.advance(100s);
  local_rate_limiter limiter(100, clock);
  metrics_registry metrics;
  rate_limit_guard guard(search_policy({2, 60s}), limiter, metrics, inline_runner());
  harness h;

  auto first = h.send(guard, "POST", "/v1/search", "10.0.0.1:5000");
  CHECK(first.status == 200);
  CHECK(first.header("ratelimit-policy") == std::optional<std::string_view>("\"search\";q=2;w=60"));
  CHECK(first.header("ratelimit") == std::optional<std::string_view>("\"search\";r=1;t=30"));
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:5001").status == 200);  // same address, other port

  auto refused = h.send(guard, "POST", "/v1/search", "10.0.0.1:5002");
  CHECK(refused.status == 429);
  CHECK(h.handled == 2);  // the route never saw the third request
  CHECK(refused.header("retry-after") == std::optional<std::string_view>("30"));
  CHECK(refused.header("ratelimit") == std::optional<std::string_view>("\"search\";r=0;t=30"));
  CHECK(refused.header("ratelimit-policy") == std::optional<std::string_view>("\"search\";q=2;w=60"));
  const auto body = nlohmann::json::parse(refused.body);
  CHECK(body["error"]["code"] == "rate_limited");
  CHECK(body["error"]["message"].get<std::string>().find("search") != std::string::npos);

  // Another client is not affected; 30 s later the first has one token again.
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.2:5000").status == 200);
  clock.advance(30s);
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:5003").status == 200);

  CHECK(guard.count(endpoint_class::search, limit_outcome::allowed) == 4);
  CHECK(guard.count(endpoint_class::search, limit_outcome::limited) == 1);
  CHECK(metrics.render().find("rate_limit_requests_total{class=\"search\",outcome=\"limited\"} 1") !=
        std::string::npos);
}

TEST_CASE("guard: routes of no class, or of a class left off, are never limited", "[ratelimit][guard]") {
  fake_clock clock;
  local_rate_limiter limiter(100, clock);
  metrics_registry metrics;
  rate_limit_guard guard(search_policy({1, 60s}), limiter, metrics, inline_runner());
  harness h;
  for (int i = 0; i < 5; ++i) {
    auto health = h.send(guard, "GET", "/health", "10.0.0.1:1");
    CHECK(health.status == 200);
    CHECK_FALSE(health.header("ratelimit"));
    CHECK(h.send(guard, "POST", "/v1/query", "10.0.0.1:1").status == 200);   // chat: off here
    CHECK(h.send(guard, "GET", "/v1/documents", "10.0.0.1:1").status == 200);  // a read
  }
  CHECK(limiter.buckets() == 0);
}

TEST_CASE("guard: the bearer token is the client, so two tokens from one address have two buckets",
          "[ratelimit][guard]") {
  fake_clock clock;
  local_rate_limiter limiter(100, clock);
  metrics_registry metrics;
  rate_limit_guard guard(search_policy({1, 60s}), limiter, metrics, inline_runner());
  harness h;
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:1", {{"authorization", "Bearer alice"}}).status == 200);
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:1", {{"authorization", "Bearer bob"}}).status == 200);
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:1", {{"authorization", "Bearer alice"}}).status == 429);
  CHECK(h.send(guard, "POST", "/v1/search", "10.0.0.1:1").status == 200);  // no token: the address
}

TEST_CASE("guard: X-Forwarded-For counts only from a trusted proxy", "[ratelimit][guard]") {
  fake_clock clock;
  local_rate_limiter limiter(100, clock);
  metrics_registry metrics;
  auto policy = search_policy({1, 60s});
  SECTION("untrusted: every forwarded client is the proxy") {
    rate_limit_guard guard(policy, limiter, metrics, inline_runner());
    harness h;
    CHECK(h.send(guard, "POST", "/v1/search", "127.0.0.1:1", {{"x-forwarded-for", "203.0.113.1"}}).status == 200);
    CHECK(h.send(guard, "POST", "/v1/search", "127.0.0.1:1", {{"x-forwarded-for", "203.0.113.2"}}).status == 429);
  }
  SECTION("trusted: each forwarded client has its own bucket, and cannot forge one past the proxy") {
    policy.identity.proxies = trusted_proxies::parse("127.0.0.1");
    rate_limit_guard guard(policy, limiter, metrics, inline_runner());
    harness h;
    CHECK(h.send(guard, "POST", "/v1/search", "127.0.0.1:1", {{"x-forwarded-for", "203.0.113.1"}}).status == 200);
    CHECK(h.send(guard, "POST", "/v1/search", "127.0.0.1:1", {{"x-forwarded-for", "203.0.113.2"}}).status == 200);
    // A client that prepends a made-up hop is still 203.0.113.1 (the hop the proxy saw).
    CHECK(h.send(guard, "POST", "/v1/search", "127.0.0.1:1", {{"x-forwarded-for", "1.2.3.4, 203.0.113.1"}}).status ==
          429);
  }
}

TEST_CASE("guard: a store that fails lets requests through and counts them as error", "[ratelimit][guard]") {
  broken_limiter limiter;
  metrics_registry metrics;
  rate_limit_guard guard(search_policy({1, 60s}), limiter, metrics, inline_runner());
  harness h;
  for (int i = 0; i < 3; ++i) {
    auto r = h.send(guard, "POST", "/v1/search", "10.0.0.1:1");
    CHECK(r.status == 200);
    CHECK_FALSE(r.header("ratelimit"));  // nothing known about the bucket
  }
  CHECK(guard.count(endpoint_class::search, limit_outcome::error) == 3);
  CHECK(guard.count(endpoint_class::search, limit_outcome::limited) == 0);
}
