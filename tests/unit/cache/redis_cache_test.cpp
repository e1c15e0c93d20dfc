// redis_cache over a real redis-server: values, TTLs, versioned invalidation shared between
// processes, collisions, and the outage / back-off / recovery behaviour (fake clock, no sleeps).
#include <catch2/catch.hpp>

#include <set>

#include "server/cache/redis_cache.hpp"
#include "server/redis/redis_connection.hpp"
#include "support/redis_server.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;
using ragbench::testing::redis_server;

namespace {
cache_options options_for(const redis_server& server) {
  cache_options o;
  o.name = "redis";
  o.redis_url = server.url();
  o.default_ttl = 300'000ms;
  o.ttl_jitter = 0.0;
  o.pool.strategy = "fixed";
  o.pool.max = 4;
  o.pool.connect_timeout = 500ms;
  return o;
}
redis_connection direct(const redis_server& server) {
  return redis_connection(parse_redis_url(server.url()), 1000ms, 1000ms);
}
cache_key key(std::string_view text) { return cache_key{text, {}}; }
}  // namespace

TEST_CASE("redis cache stores and returns values", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  redis_cache c(options_for(server), clock);
  CHECK(c.name() == "redis");
  CHECK_FALSE(c.get(key("what is rag?")));
  c.put(key("what is rag?"), "an answer", 0ms);
  CHECK(c.get(key("what is rag?")) == "an answer");
  CHECK_FALSE(c.get(key("what is RAG?")));
  c.put(key("empty"), "", 0ms);
  CHECK(c.get(key("empty")) == "");
  auto s = c.stats();
  CHECK(s.hits == 2);
  CHECK(s.misses == 2);
  CHECK(s.puts == 2);
  CHECK(c.healthy());
  auto pools = c.pools();
  REQUIRE(pools.size() == 1);
  CHECK(pools[0].name == "redis");
  CHECK(pools[0].strategy == "fixed");
  CHECK(pools[0].in_use == 0);
  CHECK(pools[0].created == 1);  // every operation reused one connection
}

TEST_CASE("redis cache keys are namespaced, versioned and carry the TTL", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  auto o = options_for(server);
  redis_cache c(o, clock);
  c.put(key("q1"), "a1", 0ms);
  c.put(key("q2"), "a2", 42'000ms);
  auto r = direct(server);
  const auto k1 = redis_cache::entry_key(0, "q1");
  CHECK(k1.rfind("ragbench:answers:g0:", 0) == 0);
  CHECK(k1.size() == std::string("ragbench:answers:g0:").size() + 16);
  CHECK(r.get(k1) == "2:q1a1");  // the key text is stored with the value
  const auto ttl1 = r.pttl(k1);
  CHECK(ttl1 > 299'000ms);
  CHECK(ttl1 <= 300'000ms);  // default_ttl
  const auto ttl2 = r.pttl(redis_cache::entry_key(0, "q2"));
  CHECK(ttl2 > 41'000ms);
  CHECK(ttl2 <= 42'000ms);
}

TEST_CASE("redis cache applies TTL jitter within the fraction, the same for the same key", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  auto o = options_for(server);
  o.ttl_jitter = 0.2;
  redis_cache c(o, clock);
  auto r = direct(server);
  std::set<long long> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string text = "query " + std::to_string(i);
    c.put(key(text), "v", 100'000ms);
    const auto ttl = r.pttl(redis_cache::entry_key(0, text));
    CHECK(ttl >= 79'000ms);
    CHECK(ttl <= 120'000ms);
    seen.insert(ttl.count() / 1000);
  }
  CHECK(seen.size() > 5);  // spread, not one value
}

TEST_CASE("invalidate_all makes every old entry unreachable, across caches sharing the Redis", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  redis_cache a(options_for(server), clock);
  redis_cache b(options_for(server), clock);  // as a second ragserver process would
  a.put(key("q"), "old answer", 0ms);
  CHECK(b.get(key("q")) == "old answer");
  a.invalidate_all();
  CHECK(direct(server).get(std::string(redis_cache::k_generation_key)) == "1");
  CHECK_FALSE(a.get(key("q")));
  CHECK_FALSE(b.get(key("q")));  // b learns the new generation in the same round trip
  b.put(key("q"), "new answer", 0ms);
  CHECK(a.get(key("q")) == "new answer");
  b.invalidate_all();
  CHECK_FALSE(a.get(key("q")));
  CHECK(direct(server).get(std::string(redis_cache::k_generation_key)) == "2");
}

TEST_CASE("a hash collision or foreign value reads as a miss", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  redis_cache c(options_for(server), clock);
  auto r = direct(server);
  r.set(redis_cache::entry_key(0, "mine"), "5:other-value", 60'000ms);  // written for another key text
  CHECK_FALSE(c.get(key("mine")));
  r.set(redis_cache::entry_key(0, "mine"), "garbage", 60'000ms);
  CHECK_FALSE(c.get(key("mine")));
  r.set(std::string(redis_cache::k_generation_key), "not-a-number", 60'000ms);
  CHECK_FALSE(c.get(key("mine")));  // an error reply is a miss, never an exception
  CHECK(c.healthy());
}

TEST_CASE("redis down: misses without exceptions, back-off, then recovery", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  redis_cache c(options_for(server), clock);
  c.put(key("q"), "answer", 0ms);
  REQUIRE(c.get(key("q")) == "answer");

  server.stop();
  CHECK_NOTHROW(c.put(key("lost"), "x", 0ms));
  CHECK_FALSE(c.healthy());
  std::optional<std::string> v;
  CHECK_NOTHROW(v = c.get(key("q")));
  CHECK_FALSE(v);
  const auto errors_when_down = c.pools()[0].errors;
  // While backing off, requests do not touch Redis at all.
  for (int i = 0; i < 100; ++i) CHECK_FALSE(c.get(key("q")));
  CHECK(c.pools()[0].errors == errors_when_down);
  CHECK(c.pools()[0].created == 1);

  clock.advance(100ms);  // first back-off over: one probe, fails, back-off doubles
  CHECK_FALSE(c.get(key("q")));
  const auto errors_after_probe = c.pools()[0].errors;
  CHECK(errors_after_probe > errors_when_down);
  clock.advance(100ms);
  CHECK_FALSE(c.get(key("q")));
  CHECK(c.pools()[0].errors == errors_after_probe);  // still inside the 200 ms back-off
  CHECK_FALSE(c.healthy());

  c.invalidate_all();  // a document changed while Redis was down: owed to Redis
  server.start();      // an empty Redis on the same port
  direct(server).set(redis_cache::entry_key(0, "q"), "1:qstale", 60'000ms);  // as if it had kept data
  clock.advance(5'000ms);
  CHECK_FALSE(c.get(key("q")));  // the owed INCR runs first, so the stale entry is unreachable
  CHECK(c.healthy());
  CHECK(direct(server).get(std::string(redis_cache::k_generation_key)) == "1");
  c.put(key("q"), "fresh", 0ms);
  CHECK(c.get(key("q")) == "fresh");
  auto pool = c.pools()[0];
  CHECK(pool.in_use == 0);
  CHECK(pool.open <= 4);
}

TEST_CASE("back-off doubles up to 5 s while Redis stays down", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  redis_cache c(options_for(server), clock);
  server.stop();
  CHECK_FALSE(c.get(key("q")));  // first failure: 100 ms
  auto errors = c.pools()[0].errors;
  auto probe_after = [&](std::chrono::milliseconds wait) {
    clock.advance(wait - 1ms);
    c.get(key("q"));
    const bool early = c.pools()[0].errors != errors;
    clock.advance(1ms);
    c.get(key("q"));
    const bool probed = c.pools()[0].errors != errors;
    errors = c.pools()[0].errors;
    return !early && probed;
  };
  CHECK(probe_after(100ms));
  CHECK(probe_after(200ms));
  CHECK(probe_after(400ms));
  CHECK(probe_after(800ms));
  CHECK(probe_after(1600ms));
  CHECK(probe_after(3200ms));
  CHECK(probe_after(5000ms));
  CHECK(probe_after(5000ms));
}

TEST_CASE("connections open across an outage are checked before reuse", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  auto o = options_for(server);
  redis_cache c(o, clock);
  c.put(key("q"), "a", 0ms);
  server.stop();
  CHECK_FALSE(c.get(key("q")));
  server.start();
  clock.advance(100ms);
  c.put(key("q"), "b", 0ms);  // the probe finds the pooled connection dead and opens a new one
  CHECK(c.healthy());
  CHECK(c.get(key("q")) == "b");
  CHECK(c.stats().puts == 2);
}

TEST_CASE("redis_cache rejects bad settings", "[redis][cache]") {
  fake_clock clock;
  cache_options o;
  o.name = "redis";
  CHECK_THROWS_WITH(std::make_unique<redis_cache>(o, clock), Catch::Contains("redis_url is required"));
  o.redis_url = "http://x";
  CHECK_THROWS_WITH(std::make_unique<redis_cache>(o, clock), Catch::Contains("redis://"));
  o.redis_url = "redis://127.0.0.1:1";
  o.pool.strategy = "bogus";
  CHECK_THROWS_WITH(std::make_unique<redis_cache>(o, clock), Catch::Contains("unknown strategy"));
  o.pool.strategy = "elastic";
  o.ttl_jitter = 1.5;
  CHECK_THROWS_WITH(std::make_unique<redis_cache>(o, clock), Catch::Contains("ttl_jitter"));
  o.ttl_jitter = 0.1;
  auto c = std::make_unique<redis_cache>(o, clock);  // nothing connects at construction
  CHECK(c->name() == "redis");
  CHECK_FALSE(c->get(key("q")));  // port 1: refused, a miss
  CHECK_FALSE(c->healthy());
}

TEST_CASE("a hung Redis costs one command timeout, then nothing until it answers again", "[redis][cache]") {
  redis_server server;
  fake_clock clock;
  auto o = options_for(server);
  o.pool.connect_timeout = 200ms;  // commands time out after 200 ms too
  redis_cache c(o, clock);
  c.put(key("q"), "answer", 0ms);
  server.pause();  // SIGSTOP: the socket stays open, replies never come
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(c.get(key("q")));
  CHECK(std::chrono::steady_clock::now() - start < 5s);  // bounded by the command timeout, not hung
  CHECK_FALSE(c.healthy());
  const auto errors = c.pools()[0].errors;
  for (int i = 0; i < 50; ++i) CHECK_FALSE(c.get(key("q")));  // backing off: Redis not touched
  CHECK(c.pools()[0].errors == errors);
  server.resume();
  clock.advance(100ms);
  CHECK(c.get(key("q")) == "answer");
  CHECK(c.healthy());
  CHECK(c.pools()[0].in_use == 0);
}
