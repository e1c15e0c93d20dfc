// answer_service over real components (memory store, flat index, feature-hashing embedder, LLM
// simulator at scale 0) and real caches: the answering tier, the semantic key (scope + embedding),
// lookups moved off the calling thread, a failing cache never failing a query, invalidation.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <thread>

#include "common/clock.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/cache/tiered_cache.hpp"
#include "server/index/flat_index.hpp"
#include "server/pipeline/answer_service.hpp"
#include "server/rag/feature_hash_embedder.hpp"
#include "server/store/memory/memory_store.hpp"

using namespace ragbench;
using namespace ragbench::server;

namespace {

std::unique_ptr<cache> lru_over_semantic(const clock_source& clock) {
  cache_options lru, semantic;
  lru.name = "lru";
  semantic.name = "semantic";
  std::vector<cache_tier> tiers;
  tiers.push_back(make_cache_tier(lru, clock));
  tiers.push_back(make_cache_tier(semantic, clock));
  return std::make_unique<tiered_cache>(std::move(tiers));
}

llm_options instant() {
  llm_options o;
  o.scale = 0;
  o.answer_tokens = 8;
  return o;
}

// A real cache that throws on every lookup and write while `failing` (a remote tier that is down).
class failing_cache final : public cache {
 public:
  explicit failing_cache(std::unique_ptr<cache> inner) : inner_(std::move(inner)) {}
  bool failing = true;
  std::optional<cache_hit> lookup(const cache_key& key) override {
    if (failing) throw std::runtime_error("unreachable");
    auto hit = inner_->lookup(key);
    if (hit) hit->tier = name();
    return hit;
  }
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override {
    if (failing) throw std::runtime_error("unreachable");
    inner_->put(key, std::move(value), ttl);
  }
  void invalidate_all() override { inner_->invalidate_all(); }
  std::string_view name() const override { return "redis"; }

 private:
  std::unique_ptr<cache> inner_;
};

struct fixture {
  fake_clock clock;
  std::unique_ptr<document_store> store = open_memory_store();
  feature_hash_embedder embed;
  flat_index index{embed.dimension()};
  corpus docs{*store, index, embed};
  llm_simulator llm{instant()};
  std::unique_ptr<cache> answers;
  boost::asio::io_context io;

  explicit fixture(std::unique_ptr<cache> c = nullptr) : answers(c ? std::move(c) : lru_over_semantic(clock)) {
    docs.publish_chunks({{make_chunk_id(1, 0), 1, 0, "Write-ahead logging (WAL) makes commits durable before data pages."},
                         {make_chunk_id(2, 0), 2, 0, "A partial index covers only the rows that satisfy a predicate."}});
    docs.on_change([this] { answers->invalidate_all(); });
  }

  answer_result ask(answer_service& s, const std::string& query, std::size_t k = 2) {
    answer_request req;
    req.query = query;
    req.k = k;
    std::optional<answer_result> got;
    bool called = false;
    s.answer(req, io.get_executor(), [&](std::optional<answer_result> r) {
      got = std::move(r);
      called = true;
    });
    io.restart();
    while (!called) io.run_one();  // the simulated generation timer, or a hop from the pool
    REQUIRE(got.has_value());
    CHECK(nlohmann::json::parse(got->body)["cache"] == got->cache_tier);
    return *got;
  }
};

}  // namespace

TEST_CASE("answer_service: the answering tier is reported", "[pipeline][answer]") {
  fixture f;
  answer_service s(f.docs, *f.answers, f.llm, std::chrono::milliseconds(0));
  CHECK(f.ask(s, "how does write-ahead logging work").cache_tier == "miss");
  CHECK(f.ask(s, "How does  write-ahead logging work").cache_tier == "lru");  // normalised text
  CHECK(f.ask(s, "how does write-ahead logging actually work").cache_tier == "semantic");
  CHECK(f.ask(s, "how does write-ahead logging actually work").cache_tier == "lru");  // promoted
  CHECK(f.ask(s, "how does write-ahead logging work", 1).cache_tier == "miss");  // other k
  CHECK(f.ask(s, "how does write-ahead logging not work").cache_tier == "miss");  // negated
  CHECK(s.counters().cache_hits.load() == 3);
}

TEST_CASE("answer_service: the key's scope holds the parameters, the text adds the query", "[pipeline][answer]") {
  answer_request req;
  req.query = "  What IS  wal? ";
  req.k = 3;
  req.document_id = 7;
  auto key = answer_service::cache_key_for(req);
  CHECK(key.text == "query|k=3|doc=7|what is wal?");
  CHECK(key.text.substr(0, key.scope_size) == "query|k=3|doc=7|");
}

TEST_CASE("answer_service: a corpus change leaves no stale answer in any tier", "[pipeline][answer]") {
  fixture f;
  answer_service s(f.docs, *f.answers, f.llm, std::chrono::milliseconds(0));
  f.ask(s, "what is a partial index");
  REQUIRE(f.ask(s, "what is a partial index").cache_tier == "lru");
  f.docs.unpublish_document(2);
  // Without invalidation lru would answer, and semantic (exact text or the paraphrase) below it.
  CHECK(f.ask(s, "what is a partial index please").cache_tier == "miss");
}

TEST_CASE("answer_service: a failing cache is a miss, never an error", "[pipeline][answer]") {
  cache_options lru;
  lru.name = "lru";
  fake_clock clock;
  auto broken = std::make_unique<failing_cache>(make_cache_tier(lru, clock).data);
  auto* handle = broken.get();
  fixture f(std::move(broken));
  answer_service s(f.docs, *f.answers, f.llm, std::chrono::milliseconds(0));
  CHECK(f.ask(s, "how does write-ahead logging work").cache_tier == "miss");
  CHECK(f.ask(s, "how does write-ahead logging work").cache_tier == "miss");
  handle->failing = false;
  f.ask(s, "how does write-ahead logging work");
  CHECK(f.ask(s, "how does write-ahead logging work").cache_tier == "redis");
}

TEST_CASE("answer_service: with a blocking-cache pool, lookups and writes leave the calling thread", "[pipeline][answer]") {
  fixture f;
  compute_pool pool(1);
  answer_service s(f.docs, *f.answers, f.llm, std::chrono::milliseconds(0), &pool);
  const auto caller = std::this_thread::get_id();
  for (int round = 0; round < 2; ++round) {
    answer_request req;
    req.query = "what is a partial index";
    std::atomic<bool> done{false};
    std::thread::id answered_on;
    std::string tier;
    s.answer(req, f.io.get_executor(), [&](std::optional<answer_result> r) {
      answered_on = std::this_thread::get_id();
      tier = r ? r->cache_tier : "error";
      done = true;
    });
    // The timer is added from the pool thread: keep the io_context from running out of work.
    auto guard = boost::asio::make_work_guard(f.io);
    f.io.restart();
    while (!done) f.io.run_for(std::chrono::milliseconds(5));
    // A miss is answered after the cache write on the pool; a hit straight from the lookup.
    CHECK(answered_on != caller);
    CHECK(tier == (round == 0 ? "miss" : "lru"));
  }
}
