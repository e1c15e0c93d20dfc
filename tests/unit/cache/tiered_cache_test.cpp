// tiered_cache specifics: lookup order, promotion, per-tier TTLs, the answering tier, and a
// failing tier skipped (fault injection around a real lru tier).
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include "common/clock.hpp"
#include "server/cache/lru_cache.hpp"
#include "server/cache/semantic_cache.hpp"
#include "server/cache/tiered_cache.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

cache_key key_of(const std::string& text) { return cache_key{text, {}}; }

cache_options tier_options(std::string name, std::chrono::milliseconds ttl) {
  cache_options o;
  o.name = std::move(name);
  o.capacity = 100;
  o.shards = 1;
  o.default_ttl = ttl;
  o.ttl_jitter = 0;
  o.embedding_dim = 4;
  return o;
}

// Fault injection: a real cache that throws on every operation while `failing` is set, as a
// remote tier does when its backend is gone.
class faulty_cache final : public cache, public cache_status {
 public:
  faulty_cache(std::unique_ptr<lru_cache> inner, std::string name) : inner_(std::move(inner)), name_(std::move(name)) {}
  std::atomic<bool> failing{false};
  std::optional<cache_hit> lookup(const cache_key& key) override {
    fail();
    auto hit = inner_->lookup(key);
    if (hit) hit->tier = name();
    return hit;
  }
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override {
    fail();
    inner_->put(key, std::move(value), ttl);
  }
  void invalidate_all() override {
    fail();
    inner_->invalidate_all();
  }
  std::string_view name() const override { return name_; }
  cache_stats stats() const override { return inner_->stats(); }
  bool healthy() const override { return !failing; }

 private:
  void fail() const {
    if (failing) throw std::runtime_error(name_ + ": backend unreachable");
  }
  std::unique_ptr<lru_cache> inner_;
  std::string name_;
};

struct three_tiers {
  fake_clock clock;
  lru_cache* l1;
  faulty_cache* l2;
  semantic_cache* l3;
  std::unique_ptr<tiered_cache> tiered;
  three_tiers() {
    auto a = std::make_unique<lru_cache>(tier_options("lru", 1000ms), clock);
    auto b = std::make_unique<faulty_cache>(std::make_unique<lru_cache>(tier_options("lru", 5000ms), clock), "redis");
    auto c = std::make_unique<semantic_cache>(tier_options("semantic", 60'000ms), clock);
    l1 = a.get();
    l2 = b.get();
    l3 = c.get();
    std::vector<cache_tier> tiers;
    tiers.push_back(as_cache_tier(std::move(a)));
    tiers.push_back(as_cache_tier(std::move(b)));
    tiers.push_back(as_cache_tier(std::move(c)));
    tiered = std::make_unique<tiered_cache>(std::move(tiers));
  }
};

}  // namespace

TEST_CASE("tiered: the first tier holding the key answers, and says so", "[cache][tiered]") {
  three_tiers t;
  CHECK_FALSE(t.tiered->lookup(key_of("q")).has_value());
  t.l3->put(key_of("q"), "from l3", 0ms);
  t.l2->put(key_of("q"), "from l2", 0ms);
  auto hit = t.tiered->lookup(key_of("q"));
  REQUIRE(hit.has_value());
  CHECK(hit->value == "from l2");
  CHECK(hit->tier == "redis");
  CHECK(t.l3->stats().hits == 0);  // never asked: an upper tier answered
  CHECK(t.tiered->stats().hits == 1);
  CHECK(t.tiered->stats().misses == 1);
}

TEST_CASE("tiered: a lower-tier hit is promoted into every tier above it", "[cache][tiered]") {
  three_tiers t;
  t.l3->put(key_of("q"), "answer", 0ms);
  auto first = t.tiered->lookup(key_of("q"));
  REQUIRE(first.has_value());
  CHECK(first->tier == "semantic");
  CHECK(t.l1->get(key_of("q")) == std::optional<std::string>("answer"));
  CHECK(t.l2->get(key_of("q")) == std::optional<std::string>("answer"));
  auto second = t.tiered->lookup(key_of("q"));
  REQUIRE(second.has_value());
  CHECK(second->tier == "lru");
  CHECK(t.tiered->get(key_of("q")) == std::optional<std::string>("answer"));
}

TEST_CASE("tiered: put writes every tier with that tier's own TTL", "[cache][tiered]") {
  three_tiers t;
  t.tiered->put(key_of("q"), "v", 0ms);
  CHECK(t.tiered->stats().puts == 1);
  CHECK(t.l1->stats().entries == 1);
  CHECK(t.l2->stats().entries == 1);
  CHECK(t.l3->stats().entries == 1);
  t.clock.advance(1500ms);  // past L1's 1 s, within L2's 5 s
  CHECK(t.tiered->lookup(key_of("q"))->tier == "redis");
  CHECK(t.tiered->lookup(key_of("q"))->tier == "lru");  // promoted, with L1's TTL again
  t.clock.advance(5000ms);  // past L1 and L2 (also the promoted copy), within L3's 60 s
  CHECK(t.tiered->lookup(key_of("q"))->tier == "semantic");
  t.clock.advance(60'000ms);
  CHECK_FALSE(t.tiered->lookup(key_of("q")).has_value());
}

TEST_CASE("tiered: an explicit TTL applies to every tier", "[cache][tiered]") {
  three_tiers t;
  t.tiered->put(key_of("q"), "v", 200ms);
  t.clock.advance(200ms);
  CHECK_FALSE(t.tiered->lookup(key_of("q")).has_value());
}

TEST_CASE("tiered: a failing tier is skipped, never fatal, and recovers", "[cache][tiered]") {
  three_tiers t;
  t.l2->failing = true;
  CHECK_FALSE(t.tiered->healthy());
  CHECK_NOTHROW(t.tiered->put(key_of("q"), "v", 0ms));
  CHECK(t.l1->stats().entries == 1);
  CHECK(t.l3->stats().entries == 1);
  t.clock.advance(1500ms);  // L1 expired; L2 is down; L3 answers
  std::optional<cache_hit> hit;
  CHECK_NOTHROW(hit = t.tiered->lookup(key_of("q")));
  REQUIRE(hit.has_value());
  CHECK(hit->tier == "semantic");
  CHECK_NOTHROW(t.tiered->invalidate_all());
  CHECK(t.l1->stats().entries == 0);
  CHECK(t.l3->stats().entries == 0);
  CHECK(t.tiered->tier_failures() >= 4);  // put, lookup, promotion, invalidate
  t.l2->failing = false;
  CHECK(t.tiered->healthy());
  t.tiered->put(key_of("r"), "w", 0ms);
  CHECK(t.l2->get(key_of("r")) == std::optional<std::string>("w"));
}

TEST_CASE("tiered: invalidate_all clears every tier", "[cache][tiered]") {
  three_tiers t;
  for (int i = 0; i < 10; ++i) t.tiered->put(key_of("k" + std::to_string(i)), "v", 0ms);
  t.tiered->invalidate_all();
  CHECK(t.l1->stats().entries == 0);
  CHECK(t.l2->stats().entries == 0);
  CHECK(t.l3->stats().entries == 0);
  CHECK(t.tiered->stats().entries == 0);
}

TEST_CASE("tiered: bad tier lists are rejected", "[cache][tiered]") {
  fake_clock clock;
  CHECK_THROWS_AS(tiered_cache({}), std::invalid_argument);
  std::vector<cache_tier> twice;
  twice.push_back(as_cache_tier(std::make_unique<lru_cache>(tier_options("lru", 1000ms), clock)));
  twice.push_back(as_cache_tier(std::make_unique<lru_cache>(tier_options("lru", 1000ms), clock)));
  CHECK_THROWS_WITH(tiered_cache(std::move(twice)), Catch::Contains("listed twice"));
  std::vector<cache_tier> with_null;
  with_null.emplace_back();
  CHECK_THROWS_AS(tiered_cache(std::move(with_null)), std::invalid_argument);
  std::vector<cache_tier> without_status;
  without_status.push_back(as_cache_tier(std::make_unique<lru_cache>(tier_options("lru", 1000ms), clock)));
  without_status.front().status = nullptr;
  CHECK_THROWS_AS(tiered_cache(std::move(without_status)), std::invalid_argument);
}
