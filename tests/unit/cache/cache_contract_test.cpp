// The cache contract, written once and run over every strategy the factory knows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>

#include "common/clock.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/cache/ttl_jitter.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

cache_key key_of(const std::string& text) { return cache_key{text, {}}; }

cache_options options_for(const std::string& name) {
  cache_options o;
  o.name = name;
  o.capacity = 64;
  o.shards = 4;
  o.default_ttl = 10'000ms;
  o.ttl_jitter = 0.10;
  return o;
}

// The tier list for `name`: one tier, or for "tiered" an exact LRU on top (one shard) over a
// FIFO semantic tier: both hold the same last 64 keys, so "present == entries" holds for the
// union too.
std::vector<cache_options> tiers_for(const std::string& name) {
  if (name != "tiered") return {options_for(name)};
  cache_options top = options_for("lru"), bottom = options_for("semantic");
  top.shards = 1;
  return {top, bottom};
}

}  // namespace

// Every in-process strategy, and a tiered stack of them. The redis tier keeps time by Redis' own
// clock (a fake clock cannot expire it) and does not count entries, so it runs the parts it can
// in redis_tier_test.cpp, against a real redis-server (and its own tests in redis_cache_test.cpp).
static std::vector<std::string> in_process_names() {
  std::vector<std::string> names;
  for (auto n : cache_strategy_names()) {
    if (n != "redis") names.emplace_back(n);
  }
  names.push_back("tiered");
  return names;
}

TEST_CASE("every cache honours its contract", "[cache][contract]") {
  const std::string name = GENERATE(from_range(in_process_names()));
  fake_clock clock;
  auto stack = make_cache_stack(tiers_for(name), clock);
  cache* c = &stack.top();
  const cache_status& status = stack.status();
  REQUIRE(c->name() == name);
  REQUIRE(status.healthy());
  const bool stores = name != "none";

  SECTION("a put value is returned by get, a missing key misses") {
    c->put(key_of("q1"), "answer one", 5s);
    auto got = c->get(key_of("q1"));
    REQUIRE(got.has_value() == stores);
    if (stores) CHECK(*got == "answer one");
    CHECK_FALSE(c->get(key_of("never put")).has_value());
    const auto s = status.stats();
    CHECK(s.puts == 1);
    CHECK(s.hits + s.misses == 2);
    CHECK(s.hits == (stores ? 1u : 0u));
    CHECK(s.entries == (stores ? 1u : 0u));
  }

  SECTION("a put replaces the old value") {
    c->put(key_of("k"), "old", 5s);
    c->put(key_of("k"), "new", 5s);
    if (stores) CHECK(c->get(key_of("k")) == std::optional<std::string>("new"));
    CHECK(status.stats().entries == (stores ? 1u : 0u));
  }

  SECTION("capacity is never exceeded") {
    for (int i = 0; i < 500; ++i) c->put(key_of("key-" + std::to_string(i)), "v", 60s);
    const auto s = status.stats();
    CHECK(s.entries <= 64);
    if (stores) {
      CHECK(s.entries > 0);
      CHECK(s.evictions == 500 - s.entries);
    }
    std::uint64_t present = 0;
    for (int i = 0; i < 500; ++i) present += c->get(key_of("key-" + std::to_string(i))).has_value();
    CHECK(present == s.entries);
  }

  SECTION("entries expire after their jittered TTL, not before") {
    for (int i = 0; i < 50; ++i) c->put(key_of("t" + std::to_string(i)), "v", 1000ms);
    clock.advance(899ms);  // below 1000 ms * (1 - 0.10): nothing may have expired yet
    for (int i = 0; i < 50; ++i) CHECK(c->get(key_of("t" + std::to_string(i))).has_value() == stores);
    clock.advance(1101ms - 899ms);  // past 1000 ms * (1 + 0.10): everything has expired
    for (int i = 0; i < 50; ++i) CHECK_FALSE(c->get(key_of("t" + std::to_string(i))).has_value());
    if (stores) CHECK(status.stats().expirations == 50);
    CHECK(status.stats().entries == 0);
  }

  SECTION("each entry expires exactly at now + apply_ttl_jitter(key, ttl)") {
    const std::string k = "exact";
    const auto ttl = apply_ttl_jitter(k, 2000ms, 0.10);
    CHECK(ttl >= 1800ms);
    CHECK(ttl <= 2200ms);
    c->put(key_of(k), "v", 2000ms);
    clock.advance(ttl - 1ms);
    CHECK(c->get(key_of(k)).has_value() == stores);
    clock.advance(1ms);
    CHECK_FALSE(c->get(key_of(k)).has_value());
  }

  SECTION("ttl <= 0 uses the default TTL") {
    c->put(key_of("d"), "v", 0ms);
    clock.advance(8999ms);
    CHECK(c->get(key_of("d")).has_value() == stores);
    clock.advance(2000ms);
    CHECK_FALSE(c->get(key_of("d")).has_value());
  }

  SECTION("invalidate_all drops everything") {
    for (int i = 0; i < 20; ++i) c->put(key_of("i" + std::to_string(i)), "v", 60s);
    c->invalidate_all();
    CHECK(status.stats().entries == 0);
    for (int i = 0; i < 20; ++i) CHECK_FALSE(c->get(key_of("i" + std::to_string(i))).has_value());
    c->put(key_of("after"), "v", 60s);
    CHECK(c->get(key_of("after")).has_value() == stores);
  }
}

TEST_CASE("make_cache_tier and make_cache_stack reject unknown names and bad options", "[cache][factory]") {
  fake_clock clock;
  cache_options o;
  o.name = "memcached";
  try {
    make_cache_tier(o, clock);
    FAIL("expected std::invalid_argument");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("memcached") != std::string::npos);
    CHECK(what.find("none") != std::string::npos);
    CHECK(what.find("lru") != std::string::npos);
  }
  o.name = "tiered";  // a list of tiers, not a strategy
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  CHECK_THROWS_AS(make_cache_stack({}, clock), std::invalid_argument);                                // no tiers
  CHECK_THROWS_AS(make_cache_stack({cache_options{}, cache_options{}}, clock), std::invalid_argument);  // lru twice
  cache_options bad_tier;
  bad_tier.name = "semantic";
  bad_tier.capacity = 0;
  CHECK_THROWS_AS(make_cache_stack({cache_options{}, bad_tier}, clock), std::invalid_argument);
  o.name = "semantic";
  o.semantic_threshold = 0;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.semantic_threshold = 1.5;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.semantic_threshold = 0.85;
  o.embedding_dim = 0;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.embedding_dim = 384;
  o.name = "lru";
  o.capacity = 0;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.capacity = 10;
  o.ttl_jitter = 1.5;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.ttl_jitter = 0.1;
  o.shards = 0;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
  o.shards = 2;
  o.default_ttl = 0ms;
  CHECK_THROWS_AS(make_cache_tier(o, clock), std::invalid_argument);
}
