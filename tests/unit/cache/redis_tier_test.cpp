// The redis tier through the cache factory and inside a tiered cache, against a real redis-server
// (tests/support/redis_server.hpp): the contract parts Redis can honour, the answering tier,
// promotion, and a stopped Redis skipped without an error. Fails (never skips) when redis-server is missing.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "common/clock.hpp"
#include "server/cache/cache_factory.hpp"
#include "support/redis_server.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

cache_key key_of(const std::string& text) { return cache_key{text, {}}; }

cache_options redis_options(const std::string& url) {
  cache_options o;
  o.name = "redis";
  o.redis_url = url;
  o.default_ttl = 60s;
  o.pool.strategy = "fixed";
  o.pool.max = 2;
  o.pool.connect_timeout = 500ms;
  o.pool.acquire_timeout = 500ms;
  return o;
}

}  // namespace

TEST_CASE("redis tier: put, get, replace and invalidate_all through the factory", "[cache][redis]") {
  testing::redis_server redis;
  fake_clock clock;
  auto tier = make_cache_tier(redis_options(redis.url()), clock);
  REQUIRE(tier.pooled != nullptr);  // the factory hands out the redis tier's pools
  REQUIRE(tier.may_block());
  cache* c = tier.data.get();
  REQUIRE(c->name() == "redis");
  c->put(key_of("q1"), "answer one", 5s);
  CHECK(c->get(key_of("q1")) == std::optional<std::string>("answer one"));
  CHECK_FALSE(c->get(key_of("never put")).has_value());
  c->put(key_of("q1"), "newer", 5s);
  auto hit = c->lookup(key_of("q1"));
  REQUIRE(hit.has_value());
  CHECK(hit->value == "newer");
  CHECK(hit->tier == "redis");
  c->invalidate_all();
  CHECK_FALSE(c->get(key_of("q1")).has_value());
  CHECK(tier.status->healthy());
  CHECK(tier.pooled->pools().at(0).name == "redis");
}

TEST_CASE("redis tier: lru -> redis -> semantic answers, promotes, and survives Redis stopping", "[cache][redis][tiered]") {
  testing::redis_server redis;
  fake_clock clock;
  cache_options lru, semantic;
  lru.name = "lru";
  semantic.name = "semantic";
  auto stack = make_cache_stack({lru, redis_options(redis.url()), semantic}, clock);
  cache* c = &stack.top();
  const auto tiers = stack.tiers();
  REQUIRE(tiers.size() == 3);
  CHECK(stack.may_block());

  c->put(key_of("q"), "v", 0ms);
  tiers[0].data->invalidate_all();  // as after an L1 expiry
  CHECK(c->lookup(key_of("q"))->tier == "redis");
  CHECK(c->lookup(key_of("q"))->tier == "lru");  // promoted

  redis.stop();
  tiers[0].data->invalidate_all();
  std::optional<cache_hit> hit;
  CHECK_NOTHROW(hit = c->lookup(key_of("q")));
  REQUIRE(hit.has_value());
  CHECK(hit->tier == "semantic");
  CHECK_FALSE(stack.status().healthy());
  CHECK_FALSE(tiers[1].status->healthy());
  CHECK_NOTHROW(c->put(key_of("r"), "w", 0ms));
  CHECK(c->lookup(key_of("r"))->tier == "lru");
}
