// generation_stream over a real io_context and decode_scheduler, timed by a fake clock: events
// follow the plan's grouping and the max_tokens cut; TTFT, gaps, TPOT and queue wait are the
// exact fake-clock intervals; the slot is held until the last event; cancel completes at once.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "common/clock.hpp"
#include "server/pipeline/generation_stream.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

// Six one-word tokens, no delays (the fake clock measures), grouped 2 + 3 + 1.
llm_plan six_tokens() {
  llm_plan p;
  p.tokens = {"a", " b", " c", " d", " e", " f"};
  p.delays.assign(6, std::chrono::microseconds(0));
  p.event_sizes = {2, 3, 1};
  return p;
}

struct figures {
  histogram ttft, gap, tpot, wait;
  generation_metrics handles() { return {&ttft, &gap, &tpot, &wait}; }
};

struct harness {
  fake_clock clock;
  boost::asio::io_context io;
  decode_scheduler slots;
  figures f;
  explicit harness(std::size_t n_slots = 0) : slots(n_slots, 10, clock) {}

  std::shared_ptr<generation_stream> start(llm_plan plan, std::size_t max_tokens = 1000) {
    auto ticket = slots.admit();
    REQUIRE(ticket);
    return generation_stream::create(std::move(plan), max_tokens, std::move(ticket), clock, f.handles());
  }

  // Asks for the next event and runs the loop until it is delivered.
  std::optional<generation_event> pull(generation_stream& g) {
    bool called = false;
    std::optional<generation_event> got;
    g.next(io.get_executor(), [&](std::optional<generation_event> e) {
      called = true;
      got = std::move(e);
    });
    io.restart();
    while (!called && io.run_one() > 0) {
    }
    REQUIRE(called);
    return got;
  }
};

}  // namespace

TEST_CASE("generation: events follow the plan's grouping and end with last", "[pipeline][generation]") {
  harness h;
  auto g = h.start(six_tokens());
  CHECK(g->completion_tokens() == 6);
  CHECK_FALSE(g->cut_by_max_tokens());
  std::vector<std::string> texts;
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 3; ++i) {
    auto e = h.pull(*g);
    REQUIRE(e);
    texts.push_back(e->text);
    sizes.push_back(e->tokens);
    CHECK(e->last == (i == 2));
  }
  CHECK(texts == std::vector<std::string>{"a b", " c d e", " f"});
  CHECK(sizes == std::vector<std::size_t>{2, 3, 1});
  CHECK(g->text() == "a b c d e f");
}

TEST_CASE("generation: max_tokens cuts the answer inside an event", "[pipeline][generation]") {
  harness h;
  auto g = h.start(six_tokens(), 4);
  CHECK(g->completion_tokens() == 4);
  CHECK(g->cut_by_max_tokens());
  auto first = h.pull(*g);
  auto second = h.pull(*g);
  REQUIRE((first && second));
  CHECK(first->text == "a b");
  CHECK(second->text == " c d");
  CHECK(second->tokens == 2);
  CHECK(second->last);
  CHECK(g->text() == "a b c d");
}

TEST_CASE("generation: TTFT, gaps and TPOT are measured from admission on the clock", "[pipeline][generation]") {
  harness h;
  auto g = h.start(six_tokens());
  h.clock.advance(120ms);  // retrieval, planning and the model's first token
  REQUIRE(h.pull(*g));
  h.clock.advance(30ms);
  REQUIRE(h.pull(*g));
  h.clock.advance(20ms);
  REQUIRE(h.pull(*g));

  auto ttft = h.f.ttft.snapshot(), gap = h.f.gap.snapshot(), tpot = h.f.tpot.snapshot(), wait = h.f.wait.snapshot();
  CHECK(ttft.count == 1);
  CHECK(ttft.sum == Approx(0.120));
  CHECK(gap.count == 2);
  CHECK(gap.sum == Approx(0.050));
  CHECK(tpot.count == 1);
  CHECK(tpot.sum == Approx(0.050 / 5));  // (last - first) / (tokens - 1)
  CHECK(wait.count == 1);
  CHECK(wait.sum == 0);
}

TEST_CASE("generation: a queued request waits for its slot, which counts in TTFT", "[pipeline][generation]") {
  harness h(1);
  auto holder = h.start(six_tokens());
  auto queued = h.start(six_tokens());
  CHECK(h.slots.queued() == 1);

  bool called = false;
  queued->next(h.io.get_executor(), [&](std::optional<generation_event> e) { called = e.has_value(); });
  h.io.run();
  CHECK_FALSE(called);  // no slot yet

  h.clock.advance(200ms);
  for (int i = 0; i < 3; ++i) REQUIRE(h.pull(*holder));  // the holder's last event frees the slot
  CHECK(h.slots.queued() == 0);
  h.io.restart();
  h.io.run();
  CHECK(called);

  auto wait = h.f.wait.snapshot();
  CHECK(wait.count == 2);
  CHECK(wait.sum == Approx(0.200));
  auto ttft = h.f.ttft.snapshot();
  CHECK(ttft.count == 2);
  CHECK(ttft.sum == Approx(0.400));  // 200 ms each: the holder's TTFT and the waiter's queue wait
}

TEST_CASE("generation: the slot is released with the last event", "[pipeline][generation]") {
  harness h(2);
  auto g = h.start(six_tokens());
  CHECK(h.slots.in_use() == 1);
  REQUIRE(h.pull(*g));
  REQUIRE(h.pull(*g));
  CHECK(h.slots.in_use() == 1);
  REQUIRE(h.pull(*g));
  CHECK(h.slots.in_use() == 0);  // the stream object still exists; its slot does not
}

TEST_CASE("generation: cancel completes a pending next with nullopt and frees the slot", "[pipeline][generation]") {
  harness h(1);
  SECTION("while waiting for the slot") {
    auto holder = h.start(six_tokens());
    auto queued = h.start(six_tokens());
    bool called = false, got_event = true;
    queued->next(h.io.get_executor(), [&](std::optional<generation_event> e) {
      called = true;
      got_event = e.has_value();
    });
    queued->cancel();
    CHECK(h.slots.queued() == 0);
    h.io.run();
    CHECK(called);
    CHECK_FALSE(got_event);
  }
  SECTION("while its timer runs") {
    llm_plan slow = six_tokens();
    slow.delays[0] = std::chrono::hours(1);
    auto g = h.start(slow);
    bool called = false, got_event = true;
    g->next(h.io.get_executor(), [&](std::optional<generation_event> e) {
      called = true;
      got_event = e.has_value();
    });
    h.io.poll();
    CHECK_FALSE(called);
    g->cancel();
    CHECK(h.slots.in_use() == 0);
    h.io.run();  // returns at once: the timer was cancelled
    CHECK(called);
    CHECK_FALSE(got_event);
    CHECK(h.f.ttft.snapshot().count == 0);
  }
}

TEST_CASE("generation: wait_all completes after the slot and frees it", "[pipeline][generation]") {
  harness h(1);
  auto holder = h.start(six_tokens());
  auto whole = h.start(six_tokens());
  int result = -1;
  whole->wait_all(h.io.get_executor(), [&](bool ok) { result = ok ? 1 : 0; });
  h.io.run();
  CHECK(result == -1);
  h.clock.advance(10ms);
  holder.reset();
  h.io.restart();
  h.io.run();
  CHECK(result == 1);
  CHECK(h.slots.in_use() == 0);
  CHECK(h.f.wait.snapshot().sum == Approx(0.010));
  CHECK(h.f.ttft.snapshot().count == 0);  // nothing was streamed
}
