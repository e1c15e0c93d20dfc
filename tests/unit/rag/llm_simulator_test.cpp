#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

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
