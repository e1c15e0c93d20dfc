#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/json_text.hpp"
#include "server/rag/llm_simulator.hpp"

using namespace ragbench::server;
using std::chrono::microseconds;

namespace {

const std::vector<context_chunk> sample_context() {
  static const std::string a =
      "shared buffers. The shared_buffers setting sets the amount of memory the database server uses "
      "for shared memory buffers. The default is typically 128 megabytes.";
  static const std::string b =
      "Autovacuum launches worker processes that run VACUUM and ANALYZE on tables that need it.";
  return {{(7ull << 20) | 1, a}, {(9ull << 20) | 4, b}};
}

}  // namespace

TEST_CASE("llm: the plan has answer_tokens tokens of chunk text with citations", "[rag][llm]") {
  const std::size_t n = GENERATE(1, 2, 5, 64, 300);
  llm_options o;
  o.answer_tokens = n;
  llm_simulator sim(o);
  const auto ctx = sample_context();
  const auto p = sim.plan("how big are shared buffers?", ctx);
  REQUIRE(p.tokens.size() == n);
  REQUIRE(p.delays.size() == n);
  REQUIRE(!p.cited_ids.empty());
  CHECK(p.cited_ids.front() == ctx[0].id);
  const std::string text = p.text();
  CHECK(text.find("[chunk:" + std::to_string(ctx[0].id) + "]") != std::string::npos);
  if (n >= 64) {
    CHECK(text.find("shared_buffers") != std::string::npos);
    CHECK(p.cited_ids.size() == 2);
  }
  for (std::size_t i = 1; i < p.tokens.size(); ++i) CHECK(p.tokens[i].front() == ' ');
}

TEST_CASE("llm: deterministic for (seed, query), different for another seed", "[rag][llm]") {
  llm_options o;
  llm_simulator sim(o);
  const auto ctx = sample_context();
  const auto a = sim.plan("what does autovacuum do", ctx);
  const auto b = sim.plan("what does autovacuum do", ctx);
  CHECK(a.tokens == b.tokens);
  CHECK(a.delays == b.delays);
  o.seed = 7;
  const auto c = llm_simulator(o).plan("what does autovacuum do", ctx);
  CHECK(c.delays != a.delays);
  CHECK(sim.plan("another question", ctx).delays != a.delays);
}

TEST_CASE("llm: scale 0 gives zero delays", "[rag][llm]") {
  llm_options o;
  o.scale = 0.0;
  const auto p = llm_simulator(o).plan("q?", sample_context());
  REQUIRE(p.delays.size() == o.answer_tokens);
  for (auto d : p.delays) CHECK(d == microseconds{0});
  CHECK(p.total_delay() == microseconds{0});
}

TEST_CASE("llm: delays follow the configured means", "[rag][llm]") {
  llm_options o;
  o.answer_tokens = 2000;
  const auto p = llm_simulator(o).plan("a long answer please", sample_context());
  double itl_sum = 0;
  for (std::size_t i = 1; i < p.delays.size(); ++i) {
    CHECK(p.delays[i].count() > 0);
    itl_sum += static_cast<double>(p.delays[i].count());
  }
  CHECK(itl_sum / static_cast<double>(p.delays.size() - 1) == Approx(25'000).epsilon(0.05));
  CHECK(p.delays[0].count() > 50'000);
  CHECK(p.delays[0].count() < 2'000'000);

  o.ttft_spread = 0;
  o.inter_token_spread = 0;
  o.scale = 2.0;
  const auto fixed = llm_simulator(o).plan("x", sample_context());
  CHECK(fixed.delays[0] == microseconds{600'000});
  CHECK(fixed.delays[1] == microseconds{50'000});
}

TEST_CASE("llm: no usable context gives a short no-context answer", "[rag][llm]") {
  llm_simulator sim{llm_options{}};
  const auto p = sim.plan("anything?", {});
  CHECK(!p.tokens.empty());
  CHECK(p.tokens.size() < 64);
  CHECK(p.cited_ids.empty());
  CHECK(p.text().find("could not find") != std::string::npos);
  const std::vector<context_chunk> blank{{1, "   \n "}};
  CHECK(sim.plan("anything?", blank).cited_ids.empty());
}

TEST_CASE("llm: bad options are clear errors", "[rag][llm]") {
  llm_options o;
  o.scale = -1;
  CHECK_THROWS_WITH(llm_simulator(o), Catch::Contains("scale"));
  o = {};
  o.answer_tokens = 0;
  CHECK_THROWS_WITH(llm_simulator(o), Catch::Contains("answer_tokens"));
  o = {};
  o.ttft_spread = -0.1;
  CHECK_THROWS_WITH(llm_simulator(o), Catch::Contains("ttft_spread"));
  o = {};
  o.inter_token_mean = microseconds{-1};
  CHECK_THROWS_AS(llm_simulator(o), std::invalid_argument);
}

TEST_CASE("llm: a long word cut to 64 bytes stays valid UTF-8", "[rag][llm]") {
  // Regression: words longer than 64 bytes were cut at byte 64, in the middle of a multi-byte
  // character when the text has no spaces (CJK), and the invalid UTF-8 then broke JSON output.
  std::string cjk;
  for (int i = 0; i < 40; ++i) cjk += "\xe6\x97\xa5";  // U+65E5, 3 bytes: 120 bytes, one "word"
  const std::vector<context_chunk> ctx{{1, cjk}};
  llm_options o;
  o.answer_tokens = 4;
  const auto p = llm_simulator(o).plan("q", ctx);
  REQUIRE(!p.tokens.empty());
  for (const auto& t : p.tokens) CHECK(ragbench::is_valid_utf8(t));
  CHECK(p.tokens[0].size() == 63);  // 21 whole characters
}

TEST_CASE("llm: tokens per event, fixed or drawn from a range, cover the answer", "[rag][llm]") {
  llm_options o;
  o.answer_tokens = 50;
  const auto ctx = sample_context();
  auto sum = [](const std::vector<std::size_t>& v) {
    std::size_t n = 0;
    for (auto x : v) n += x;
    return n;
  };

  const auto one = llm_simulator(o).plan("what is shared_buffers", ctx);
  CHECK(one.event_sizes == std::vector<std::size_t>(50, 1));  // the default: an event per token

  o.tokens_per_event_min = o.tokens_per_event_max = 4;
  const auto fixed = llm_simulator(o).plan("what is shared_buffers", ctx);
  REQUIRE(fixed.event_sizes.size() == 13);  // 12 x 4 + the 2 left over
  for (std::size_t i = 0; i + 1 < fixed.event_sizes.size(); ++i) CHECK(fixed.event_sizes[i] == 4);
  CHECK(fixed.event_sizes.back() == 2);
  // Grouping changes neither the text nor the per-token delays.
  CHECK(fixed.tokens == one.tokens);
  CHECK(fixed.delays == one.delays);

  o.tokens_per_event_min = 1;
  o.tokens_per_event_max = 4;
  const auto drawn = llm_simulator(o).plan("what is shared_buffers", ctx);
  CHECK(sum(drawn.event_sizes) == 50);
  std::vector<int> seen(5, 0);
  for (std::size_t i = 0; i + 1 < drawn.event_sizes.size(); ++i) {
    REQUIRE(drawn.event_sizes[i] >= 1);
    REQUIRE(drawn.event_sizes[i] <= 4);
    ++seen[drawn.event_sizes[i]];
  }
  CHECK(drawn.event_sizes.size() > 50 / 4);
  CHECK(drawn.event_sizes.size() < 50);
  CHECK(drawn.event_sizes == llm_simulator(o).plan("what is shared_buffers", ctx).event_sizes);  // seeded
  o.seed = 7;
  CHECK(llm_simulator(o).plan("what is shared_buffers", ctx).event_sizes != drawn.event_sizes);
}

TEST_CASE("llm: tokens per event must be a range of at least 1", "[rag][llm]") {
  llm_options o;
  o.tokens_per_event_min = 0;
  CHECK_THROWS_WITH(llm_simulator(o), Catch::Contains("tokens_per_event"));
  o.tokens_per_event_min = 3;
  o.tokens_per_event_max = 2;
  CHECK_THROWS_WITH(llm_simulator(o), Catch::Contains("tokens_per_event"));
}
