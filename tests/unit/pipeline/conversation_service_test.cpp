// The context window (which chunks and turns a conversation turn's prompt keeps) and the
// conversation service over the memory store: turns stored in order, the oldest dropped first,
// the reported counts true, another user's conversation invisible.
#include <catch2/catch.hpp>

#include <vector>

#include "common/clock.hpp"
#include "server/cache/none_cache.hpp"
#include "server/index/flat_index.hpp"
#include "server/pipeline/conversation_service.hpp"
#include "server/rag/feature_hash_embedder.hpp"
#include "server/rag/token_count.hpp"
#include "server/store/memory/memory_store.hpp"

using namespace ragbench;
using namespace ragbench::server;

TEST_CASE("fit_context keeps the system prompt and the new turn, then chunks, then the newest history",
          "[pipeline][conversation]") {
  constexpr std::size_t o = turn_overhead_tokens;
  const std::vector<std::size_t> chunks = {50, 40, 30};
  const std::vector<std::size_t> history = {10, 20, 30, 40};  // oldest first

  SECTION("a large window keeps everything") {
    auto fit = fit_context(10'000, 20, 5, chunks, history);
    CHECK(fit.chunks_kept == 3);
    CHECK(fit.history_kept == 4);
    CHECK(fit.history_dropped == 0);
    CHECK(fit.prompt_tokens == 20 + o + 5 + o + 120 + 100 + 4 * o);
  }
  SECTION("a window that holds two turns keeps the newest two") {
    const std::size_t base = 20 + o + 5 + o + 120;
    auto fit = fit_context(base + (40 + o) + (30 + o), 20, 5, chunks, history);
    CHECK(fit.chunks_kept == 3);
    CHECK(fit.history_kept == 2);
    CHECK(fit.history_dropped == 2);
    CHECK(fit.prompt_tokens == base + 70 + 2 * o);
  }
  SECTION("no gaps: a small old turn is not kept once a newer one did not fit") {
    const std::size_t base = 20 + o + 5 + o + 120;
    auto fit = fit_context(base + (40 + o) + 15, 20, 5, chunks, history);  // 30 does not fit, 20 and 10 would
    CHECK(fit.history_kept == 1);
    CHECK(fit.history_dropped == 3);
  }
  SECTION("chunks are cut best first before any history") {
    auto fit = fit_context(20 + o + 5 + o + 95, 20, 5, chunks, history);
    CHECK(fit.chunks_kept == 2);
    CHECK(fit.history_kept == 0);
    CHECK(fit.history_dropped == 4);
  }
  SECTION("system prompt and new turn are kept even past the window") {
    auto fit = fit_context(10, 20, 5, chunks, history);
    CHECK(fit.chunks_kept == 0);
    CHECK(fit.history_kept == 0);
    CHECK(fit.prompt_tokens == 20 + o + 5 + o);
  }
}

namespace {

struct fixture {
  std::unique_ptr<document_store> store = open_memory_store();
  feature_hash_embedder embed;
  flat_index index{embed.dimension()};
  corpus docs{*store, index, embed};
  llm_simulator llm{[] {
    llm_options o;
    o.scale = 0;
    o.answer_tokens = 8;
    return o;
  }()};
  none_cache answers_cache;
  answer_service answers{docs, answers_cache, llm, std::chrono::milliseconds(0)};
  std::uint64_t alice = add_user("alice"), bob = add_user("bob");

  fixture() {
    docs.publish_chunks({{make_chunk_id(1, 0), 1, 0, "Write-ahead logging (WAL) makes commits durable before data pages."},
                         {make_chunk_id(2, 0), 2, 0, "A partial index covers only the rows that satisfy a predicate."}});
  }
  std::uint64_t add_user(const std::string& name) {
    user u{0, name, "$argon2id$placeholder", 0};
    REQUIRE(store->users().create(u));
    return u.id;
  }
  std::uint64_t new_conversation(std::uint64_t owner) {
    conversation c;
    c.user_id = owner;
    c.title = "t";
    store->conversations().create(c);
    return c.id;
  }
};

}  // namespace

TEST_CASE("conversation_service stores both turns and drops the oldest turns to fit the window",
          "[pipeline][conversation]") {
  fixture f;
  const auto id = f.new_conversation(f.alice);
  const std::string question = "How does write-ahead logging make commits durable?";
  // A window that holds the system prompt, the question, both chunks and about three turns.
  const std::size_t system = count_tokens(conversation_service::system_prompt());
  const std::size_t q = count_tokens(question);
  const std::size_t chunks = count_tokens("Write-ahead logging (WAL) makes commits durable before data pages.") +
                             count_tokens("A partial index covers only the rows that satisfy a predicate.");
  const std::size_t window = system + q + 2 * turn_overhead_tokens + chunks + 3 * (q + turn_overhead_tokens);
  conversation_service svc(f.store->conversations(), f.answers, window, 2);

  std::vector<std::size_t> kept, dropped;
  for (int turn = 0; turn < 4; ++turn) {
    auto t = svc.begin_turn(f.alice, id, question);
    REQUIRE(t);
    CHECK(t->conversation_id == id);
    CHECK(t->fit.chunks_kept == 2);
    CHECK(t->answer.chunks.size() == 2);
    CHECK(t->fit.prompt_tokens <= window);
    kept.push_back(t->fit.history_kept);
    dropped.push_back(t->fit.history_dropped);
    // The assistant's answer is longer than the question: each turn pair costs more than one question.
    REQUIRE(svc.finish_turn(f.alice, id, t->answer.plan.text()));
  }
  CHECK(kept.front() == 0);
  CHECK(dropped.front() == 0);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    INFO("turn " << i);
    CHECK(kept[i] + dropped[i] == 2 * i);  // every earlier turn is either kept or dropped
    CHECK(kept[i] <= 3);
  }
  CHECK(dropped.back() > 0);

  auto messages = f.store->conversations().messages(f.alice, id);
  REQUIRE(messages.size() == 8);
  for (std::size_t i = 0; i < messages.size(); ++i) CHECK(messages[i].role == (i % 2 == 0 ? "user" : "assistant"));
  CHECK(messages[0].content == question);
}

TEST_CASE("conversation_service: another user's conversation does not exist", "[pipeline][conversation]") {
  fixture f;
  conversation_service svc(f.store->conversations(), f.answers, 4000, 2);
  const auto id = f.new_conversation(f.alice);
  CHECK_FALSE(svc.begin_turn(f.bob, id, "What is WAL?"));
  CHECK_FALSE(svc.finish_turn(f.bob, id, "an answer"));
  CHECK(f.store->conversations().messages(f.alice, id).empty());
  CHECK_FALSE(svc.begin_turn(f.alice, id + 100, "What is WAL?"));
}
