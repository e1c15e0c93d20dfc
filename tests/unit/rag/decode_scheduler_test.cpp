// decode_scheduler against a fake clock: slots bound the generating requests, the queue is FIFO
// and bounded, queue waits are exact, released and cancelled tickets hand their slot on.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "server/rag/decode_scheduler.hpp"

using namespace ragbench;
using namespace ragbench::server;
using namespace std::chrono_literals;

TEST_CASE("decode slots: unlimited grants every admission at once", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(0, 0, clock);
  std::vector<std::shared_ptr<decode_scheduler::ticket>> held;
  for (int i = 0; i < 100; ++i) {
    auto t = s.admit();
    REQUIRE(t);
    CHECK(t->granted());
    CHECK(t->queue_wait() == std::chrono::nanoseconds(0));
    held.push_back(std::move(t));
  }
  CHECK(s.in_use() == 100);
  CHECK(s.queued() == 0);
  int called = 0;
  held[0]->on_grant([&] { ++called; });
  CHECK(called == 1);  // already granted: runs at once
  held.clear();
  CHECK(s.in_use() == 0);
  CHECK(s.rejected() == 0);
}

TEST_CASE("decode slots: beyond the slots requests queue, beyond the queue they are refused", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(2, 3, clock);
  auto a = s.admit(), b = s.admit();
  REQUIRE((a && b));
  CHECK((a->granted() && b->granted()));
  std::vector<std::shared_ptr<decode_scheduler::ticket>> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting.push_back(s.admit());
    REQUIRE(waiting.back());
    CHECK_FALSE(waiting.back()->granted());
    CHECK_FALSE(waiting.back()->queue_wait());
  }
  CHECK(s.in_use() == 2);
  CHECK(s.queued() == 3);
  CHECK(s.admit() == nullptr);
  CHECK(s.admit() == nullptr);
  CHECK(s.rejected() == 2);
}

TEST_CASE("decode slots: a freed slot goes to the oldest waiter, with its exact queue wait", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(1, 10, clock);
  auto first = s.admit();
  clock.advance(5ms);
  auto second = s.admit();
  clock.advance(5ms);
  auto third = s.admit();
  std::vector<int> order;
  second->on_grant([&] { order.push_back(2); });
  third->on_grant([&] { order.push_back(3); });
  CHECK(order.empty());

  clock.advance(30ms);
  first->release();
  REQUIRE(order == std::vector<int>{2});
  CHECK(second->granted());
  CHECK(second->queue_wait() == std::chrono::nanoseconds(35ms));
  CHECK(s.in_use() == 1);
  CHECK(s.queued() == 1);

  clock.advance(100ms);
  second.reset();  // destruction releases too
  REQUIRE(order == std::vector<int>{2, 3});
  CHECK(third->queue_wait() == std::chrono::nanoseconds(130ms));
  third.reset();
  CHECK(s.in_use() == 0);
  CHECK(s.queued() == 0);
}

TEST_CASE("decode slots: a waiter that leaves the queue is never granted", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(1, 10, clock);
  auto holder = s.admit();
  auto leaver = s.admit(), stayer = s.admit();
  int leaver_calls = 0, stayer_calls = 0;
  leaver->on_grant([&] { ++leaver_calls; });
  stayer->on_grant([&] { ++stayer_calls; });
  leaver->release();  // the client went away while queued
  CHECK(s.queued() == 1);
  CHECK_FALSE(leaver->queue_wait());
  holder.reset();
  CHECK(leaver_calls == 0);
  CHECK(stayer_calls == 1);
  leaver->release();  // idempotent
  stayer->release();
  stayer->release();
  CHECK(s.in_use() == 0);
  // The queue has room again and a slot is free.
  auto again = s.admit();
  CHECK(again->granted());
}

TEST_CASE("decode slots: granted before the callback is registered runs it at registration", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(1, 1, clock);
  auto holder = s.admit();
  auto waiter = s.admit();
  holder.reset();  // grants `waiter` before it registered a callback
  CHECK(waiter->granted());
  int called = 0;
  waiter->on_grant([&] { ++called; });
  CHECK(called == 1);
}

TEST_CASE("decode slots: queue_max 0 refuses as soon as the slots are busy", "[rag][decode]") {
  fake_clock clock;
  decode_scheduler s(1, 0, clock);
  auto holder = s.admit();
  CHECK(holder->granted());
  CHECK(s.admit() == nullptr);
  holder.reset();
  CHECK(s.admit() != nullptr);
}

TEST_CASE("decode slots: concurrent admit/release never exceeds the slots nor loses one", "[rag][decode]") {
  steady_clock_source clock;
  decode_scheduler s(3, 1'000'000, clock);
  std::atomic<int> active{0}, peak{0}, granted{0}, refused{0};
  auto work = [&] {  // no Catch2 assertions off the main thread
    for (int i = 0; i < 2000; ++i) {
      auto t = s.admit();
      if (!t) {
        ++refused;
        continue;
      }
      std::atomic<bool> go{false};
      t->on_grant([&] { go = true; });
      while (!go) std::this_thread::yield();
      int now = ++active;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      ++granted;
      --active;
      t->release();
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  CHECK(refused == 0);
  CHECK(granted == 6 * 2000);
  CHECK(peak <= 3);
  CHECK(s.in_use() == 0);
  CHECK(s.queued() == 0);
}
