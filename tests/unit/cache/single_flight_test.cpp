// single_flight: one computation per key under concurrency, asynchronous join/complete, failures.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/cache/single_flight.hpp"

using ragbench::server::single_flight;

namespace {

// Blocks until `n` callers are registered on the flight of `key`; bounded so a bug fails, not hangs.
bool wait_for_waiters(const single_flight& sf, const std::string& key, std::size_t n) {
  for (long spins = 0; spins < 200'000'000; ++spins) {
    if (sf.waiting(key) >= n) return true;
    std::this_thread::yield();
  }
  return false;
}

}  // namespace

TEST_CASE("16 concurrent misses of one key compute once", "[single_flight]") {
  single_flight sf;
  constexpr int threads = 16;
  std::atomic<int> computed{0};
  std::atomic<bool> all_joined{false};
  std::vector<std::string> results(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      results[t] = sf.run("same key", [&] {
        computed.fetch_add(1);
        // Hold the flight open until every thread has joined it.
        all_joined = wait_for_waiters(sf, "same key", threads);
        return std::string("the value");
      });
    });
  }
  for (auto& th : pool) th.join();
  CHECK(all_joined.load());
  CHECK(computed.load() == 1);
  for (const auto& r : results) CHECK(r == "the value");
  CHECK(sf.in_flight() == 0);
}

TEST_CASE("an exception in compute reaches the leader and every follower", "[single_flight]") {
  single_flight sf;
  constexpr int threads = 4;
  std::atomic<int> computed{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      try {
        sf.run("k", [&]() -> std::string {
          computed.fetch_add(1);
          wait_for_waiters(sf, "k", threads);
          throw std::runtime_error("backend down");
        });
      } catch (const std::runtime_error& e) {
        if (std::string(e.what()) == "backend down") failures.fetch_add(1);
      }
    });
  }
  for (auto& th : pool) th.join();
  CHECK(computed.load() == 1);
  CHECK(failures.load() == threads);
  CHECK(sf.in_flight() == 0);
  // The key is forgotten: the next call computes again.
  CHECK(sf.run("k", [] { return std::string("recovered"); }) == "recovered");
}

TEST_CASE("async join/complete invokes every waiter once and forgets the key", "[single_flight]") {
  single_flight sf;
  std::vector<std::pair<std::string, bool>> seen;
  auto record = [&](const std::string& v, bool ok) { seen.emplace_back(v, ok); };
  CHECK(sf.join("q", record));        // leader
  CHECK_FALSE(sf.join("q", record));  // followers
  CHECK_FALSE(sf.join("q", record));
  CHECK(sf.join("other", record));    // another key has its own flight
  CHECK(sf.waiting("q") == 3);
  CHECK(seen.empty());
  sf.complete("q", "answer", true);
  REQUIRE(seen.size() == 3);
  for (const auto& [v, ok] : seen) {
    CHECK(v == "answer");
    CHECK(ok);
  }
  CHECK(sf.in_flight() == 1);
  CHECK(sf.join("q", record));  // a new flight after completion
  sf.complete("q", "", false);
  CHECK_FALSE(seen.back().second);
  sf.complete("never joined", "x", true);  // ignored
  sf.complete("other", "o", true);
  CHECK(seen.size() == 5);
  CHECK(sf.in_flight() == 0);
}

TEST_CASE("a throwing waiter does not stop the others", "[single_flight]") {
  single_flight sf;
  int called = 0;
  sf.join("k", [&](const std::string&, bool) {
    ++called;
    throw std::logic_error("bad waiter");
  });
  sf.join("k", [&](const std::string&, bool) { ++called; });
  CHECK_THROWS_AS(sf.complete("k", "v", true), std::logic_error);
  CHECK(called == 2);
  CHECK(sf.in_flight() == 0);
}

TEST_CASE("a waiter may join the same key again from its callback", "[single_flight]") {
  single_flight sf;
  bool rejoined_as_leader = false;
  sf.join("k", [&](const std::string&, bool) { rejoined_as_leader = sf.join("k", nullptr); });
  sf.complete("k", "v", true);
  CHECK(rejoined_as_leader);
  sf.complete("k", "v", true);
  CHECK(sf.in_flight() == 0);
}
