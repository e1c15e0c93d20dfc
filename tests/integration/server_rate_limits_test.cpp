// Rate limits through the real ragserver: --rate-limits seed with one class tightened, the 429
// answer (JSON error, Retry-After, RateLimit-Policy / RateLimit) and its counters on /metrics;
// X-Forwarded-For believed only with --trust-forwarded-for; and two ragservers sharing one real
// redis-server (one limit between them), with Redis killed mid-test: requests still answered (never
// 5xx), /health/detailed degraded, and the limit back once Redis is.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

const std::string search_body = json{{"query", "how does write-ahead logging work?"}, {"k", 3}}.dump();

http_reply search(http_client& c, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return c.request("POST", "/v1/search", search_body, headers);
}

// The value of one sample line of the /metrics text ("name{labels} value"), or -1.
double metric(http_client& c, const std::string& series) {
  const auto text = c.get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("rate limits seed: 429 with the JSON error, Retry-After and RateLimit fields, counted on /metrics",
          "[integration][ratelimit]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--rate-limits", "seed", "--rate-limit-search", "3/1m"});
  auto c = server.client();

  for (int i = 0; i < 3; ++i) {
    auto ok = search(c);
    REQUIRE(ok.status == 200);
    CHECK(ok.header("ratelimit-policy") == "\"search\";q=3;w=60");
    CHECK(ok.header("ratelimit") == "\"search\";r=" + std::to_string(2 - i) + ";t=20");
  }
  auto refused = search(c);
  CHECK(refused.status == 429);
  CHECK(refused.header("content-type").starts_with("application/json"));
  auto body = json::parse(refused.body);
  CHECK(body["error"]["code"] == "rate_limited");
  CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
  const int retry = std::stoi(refused.header("retry-after"));
  CHECK(retry >= 1);
  CHECK(retry <= 20);
  CHECK(refused.header("ratelimit").starts_with("\"search\";r=0;t="));

  // Another client (a bearer token is a client of its own) and the other classes are unaffected;
  // health and metrics are never limited.
  CHECK(search(c, {{"Authorization", "Bearer someone-else"}}).status == 200);
  auto query = c.post_json("/v1/query", search_body);
  CHECK(query.status == 200);
  CHECK(query.header("ratelimit-policy") == "\"chat\";q=20;w=60");
  for (int i = 0; i < 10; ++i) CHECK(c.get("/health").status == 200);
  CHECK(c.get("/health").header("ratelimit").empty());

  CHECK(metric(c, "rate_limit_requests_total{class=\"search\",outcome=\"allowed\"}") == 4);
  CHECK(metric(c, "rate_limit_requests_total{class=\"search\",outcome=\"limited\"}") == 1);
  CHECK(metric(c, "rate_limit_requests_total{class=\"chat\",outcome=\"allowed\"}") == 1);
  CHECK(metric(c, "http_requests_total{route=\"/v1/search\",method=\"POST\",status=\"429\"}") == 1);
}

TEST_CASE("rate limits are off by default", "[integration][ratelimit]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto c = server.client();
  for (int i = 0; i < 40; ++i) {  // above the seed's 30/min for search
    auto r = search(c);
    REQUIRE(r.status == 200);
    CHECK(r.header("ratelimit").empty());
  }
  CHECK(json::parse(c.get("/health/detailed").body)["dependencies"].count("rate_limit") == 0);
}

TEST_CASE("X-Forwarded-For names the client only behind --trust-forwarded-for", "[integration][ratelimit]") {
  temp_dir dir;
  const std::vector<std::pair<std::string, std::string>> alice = {{"X-Forwarded-For", "203.0.113.1"}};
  const std::vector<std::pair<std::string, std::string>> bob = {{"X-Forwarded-For", "203.0.113.2"}};
  SECTION("not trusted: every request is the TCP peer, so Bob shares Alice's bucket") {
    ragserver_process server(dir.str(), {"--rate-limits", "seed", "--rate-limit-search", "1/1m"});
    auto c = server.client();
    CHECK(search(c, alice).status == 200);
    CHECK(search(c, bob).status == 429);
  }
  SECTION("trusted: each forwarded client has its own bucket") {
    ragserver_process server(dir.str(), {"--rate-limits", "seed", "--rate-limit-search", "1/1m",
                                         "--trust-forwarded-for", "127.0.0.1"});
    auto c = server.client();
    CHECK(search(c, alice).status == 200);
    CHECK(search(c, bob).status == 200);
    CHECK(search(c, alice).status == 429);
    // A hop prepended by the client does not make it someone else.
    CHECK(search(c, {{"X-Forwarded-For", "198.51.100.7, 203.0.113.2"}}).status == 429);
  }
}

TEST_CASE("two ragservers share one limit in Redis, and with Redis killed: fail open, degraded, then limits again",
          "[integration][ratelimit][redis]") {
  redis_server redis;
  temp_dir dir_a, dir_b;
  const std::vector<std::string> args = {"--rate-limits", "seed", "--rate-limit-search", "4/1m", "--redis-url",
                                         redis.url(), "--connect-timeout", "300ms"};
  ragserver_process a(dir_a.str(), args);
  ragserver_process b(dir_b.str(), args);
  auto ca = a.client();
  auto cb = b.client();
  const std::vector<std::pair<std::string, std::string>> token = {{"Authorization", "Bearer shared-client"}};

  // Four tokens between the two servers, then both refuse.
  CHECK(search(ca, token).status == 200);
  CHECK(search(cb, token).status == 200);
  CHECK(search(ca, token).status == 200);
  CHECK(search(cb, token).status == 200);
  CHECK(search(ca, token).status == 429);
  CHECK(search(cb, token).status == 429);
  auto health = json::parse(ca.get("/health/detailed").body);
  CHECK(health["status"] == "ready");
  CHECK(health["dependencies"]["rate_limit"]["strategy"] == "redis");
  CHECK(health["dependencies"]["rate_limit"]["status"] == "up");

  redis.stop();
  for (int i = 0; i < 20; ++i) {  // fail open: answered, never 5xx, no RateLimit fields
    auto r = search(i % 2 ? ca : cb, token);
    CHECK(r.status == 200);
  }
  auto down = ca.get("/health/detailed");
  CHECK(down.status == 200);
  health = json::parse(down.body);
  CHECK(health["status"] == "degraded");
  CHECK(health["dependencies"]["rate_limit"]["status"] != "up");
  CHECK(health["dependencies"]["store"]["status"] == "up");
  CHECK(metric(ca, "rate_limit_requests_total{class=\"search\",outcome=\"error\"}") >= 1);
  CHECK(metric(ca, "http_requests_total{route=\"/v1/search\",method=\"POST\",status=\"500\"}") == -1);

  // Redis is back (empty): after the back-off the limit holds again, shared as before.
  redis.start();
  bool limited_again = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!limited_again && std::chrono::steady_clock::now() < deadline) {
    auto r = search(ca, token);
    REQUIRE(r.status != 500);
    limited_again = r.status == 429;
    if (!limited_again) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(limited_again);
  CHECK(search(cb, token).status == 429);
  CHECK(json::parse(cb.get("/health/detailed").body)["status"] == "ready");
}

TEST_CASE("bad rate-limit settings stop ragserver before it listens", "[integration][ratelimit]") {
  temp_dir dir;
  CHECK_THROWS(ragserver_process(dir.str(), {"--rate-limits", "seed", "--rate-limit-chat", "20 per minute"}));
  CHECK_THROWS(ragserver_process(dir.str(), {"--rate-limits", "seed", "--rate-limit-store", "redis"}));
  CHECK_THROWS(ragserver_process(dir.str(), {"--trust-forwarded-for", "proxy.example"}));
}
