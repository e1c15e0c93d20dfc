// lru_cache specifics: exact LRU order with one shard, the byte bound, jitter determinism, threads.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/lru_cache.hpp"
#include "server/cache/ttl_jitter.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

cache_key key_of(const std::string& text) { return cache_key{text, {}}; }

cache_options one_shard(std::size_t capacity, std::uint64_t max_bytes = 0) {
  cache_options o;
  o.capacity = capacity;
  o.max_bytes = max_bytes;
  o.shards = 1;
  return o;
}

}  // namespace

TEST_CASE("lru evicts the least recently used entry", "[cache][lru]") {
  fake_clock clock;
  lru_cache c(one_shard(3), clock);
  c.put(key_of("a"), "1", 60s);
  c.put(key_of("b"), "2", 60s);
  c.put(key_of("c"), "3", 60s);
  REQUIRE(c.get(key_of("a")).has_value());  // a is now the most recent; b is the oldest
  c.put(key_of("d"), "4", 60s);
  CHECK_FALSE(c.get(key_of("b")).has_value());
  CHECK(c.get(key_of("a")) == std::optional<std::string>("1"));
  CHECK(c.get(key_of("c")) == std::optional<std::string>("3"));
  CHECK(c.get(key_of("d")) == std::optional<std::string>("4"));
  CHECK(c.stats().evictions == 1);
  CHECK(c.stats().entries == 3);
}

TEST_CASE("lru honours the byte bound", "[cache][lru]") {
  fake_clock clock;
  lru_cache c(one_shard(100, 30), clock);  // bytes = key + value
  c.put(key_of("k1"), std::string(8, 'x'), 60s);  // 10 bytes
  c.put(key_of("k2"), std::string(8, 'x'), 60s);  // 20
  c.put(key_of("k3"), std::string(8, 'x'), 60s);  // 30
  CHECK(c.stats().entries == 3);
  c.put(key_of("k4"), std::string(8, 'x'), 60s);  // 40 -> k1 evicted
  CHECK(c.stats().entries == 3);
  CHECK_FALSE(c.get(key_of("k1")).has_value());
  c.put(key_of("big"), std::string(40, 'x'), 60s);  // larger than the whole bound: not stored
  CHECK_FALSE(c.get(key_of("big")).has_value());
  CHECK(c.get(key_of("k4")).has_value());
  c.put(key_of("k4"), std::string(40, 'y'), 60s);  // an oversize replacement drops the stale value
  CHECK_FALSE(c.get(key_of("k4")).has_value());
}

TEST_CASE("a huge ttl does not overflow into an already expired entry", "[cache][lru]") {
  fake_clock clock;
  lru_cache c(one_shard(4), clock);
  c.put(key_of("forever"), "v", std::chrono::milliseconds::max());
  clock.advance(std::chrono::hours(24 * 365));
  CHECK(c.get(key_of("forever")).has_value());
}

TEST_CASE("shards are capped at the capacity", "[cache][lru]") {
  fake_clock clock;
  cache_options o;
  o.capacity = 3;
  o.shards = 16;
  lru_cache c(o, clock);
  CHECK(c.shard_count() == 3);
  for (int i = 0; i < 100; ++i) c.put(key_of(std::to_string(i)), "v", 60s);
  CHECK(c.stats().entries <= 3);
}

TEST_CASE("ttl jitter is deterministic and within bounds", "[cache][jitter]") {
  const double fraction = GENERATE(0.0, 0.05, 0.10, 0.5);
  bool saw_below = false, saw_above = false;
  for (int i = 0; i < 1000; ++i) {
    const std::string k = "key" + std::to_string(i);
    const auto t = apply_ttl_jitter(k, 60'000ms, fraction);
    CHECK(t == apply_ttl_jitter(k, 60'000ms, fraction));
    CHECK(t.count() >= static_cast<long long>(60'000 * (1 - fraction)) - 1);
    CHECK(t.count() <= static_cast<long long>(60'000 * (1 + fraction)));
    saw_below |= t < 60'000ms;
    saw_above |= t > 60'000ms;
  }
  CHECK(saw_below == (fraction > 0));
  CHECK(saw_above == (fraction > 0));
  CHECK(apply_ttl_jitter("k", 1ms, 0.5) >= 1ms);
}

TEST_CASE("lru stays consistent under concurrent get/put/invalidate", "[cache][lru][threads]") {
  fake_clock clock;
  cache_options o;
  o.capacity = 200;
  o.shards = 8;
  lru_cache c(o, clock);
  constexpr int threads = 4, ops = 5000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < ops; ++i) {
        const std::string k = "k" + std::to_string((i * 7 + t) % 500);
        if (auto v = c.get(key_of(k))) {
          if (*v != "v-" + k) FAIL_CHECK("wrong value for " << k);
        } else {
          c.put(key_of(k), "v-" + k, 60s);
        }
        if (t == 0 && i % 1000 == 999) c.invalidate_all();
      }
    });
  }
  for (auto& th : pool) th.join();
  const auto s = c.stats();
  CHECK(s.hits + s.misses == std::uint64_t{threads} * ops);
  CHECK(s.entries <= 200);
}
