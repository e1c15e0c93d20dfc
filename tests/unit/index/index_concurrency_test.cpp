// Concurrent add + search + remove on every index: no crash, every result valid.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "random_unit_vector.hpp"
#include "server/index/index_factory.hpp"

using namespace ragbench::server;

TEST_CASE("index contract: concurrent add and search from several threads", "[index][concurrency]") {
  const auto name = GENERATE(from_range(index_strategy_names()));
  CAPTURE(name);
  constexpr std::size_t dim = 32;
  constexpr std::uint64_t writers = 2, per_writer = 1500, readers = 3;
  index_options o;
  o.name = std::string(name);
  o.dimension = dim;
  o.initial_capacity = 16;   // several resizes while readers search
  o.full_scan_threshold = 200;  // cross from exact to graph search mid-test
  auto idx = make_index(o);

  auto vector_for = [](std::uint64_t id) {
    std::mt19937 rng(static_cast<unsigned>(id));
    return ragbench::test::random_unit_vector(rng, dim);
  };

  std::atomic<bool> done{false};
  std::atomic<std::size_t> bad{0}, searches{0};
  std::vector<std::thread> threads;
  for (std::uint64_t w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (std::uint64_t i = 0; i < per_writer; ++i) {
        const std::uint64_t id = w * per_writer + i;
        idx->add(id, vector_for(id));
        if (i % 10 == 9) idx->remove(id - 5);  // some deletes too
      }
    });
  }
  for (std::uint64_t r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      std::uint64_t q = r;
      while (!done.load()) {
        const auto hits = idx->search(vector_for(q++ % (writers * per_writer)), 10);
        for (std::size_t i = 0; i < hits.size(); ++i) {
          const bool ok = hits[i].id < writers * per_writer && hits[i].score <= 1.001f &&
                          hits[i].score >= -1.001f && (i == 0 || hits[i - 1].score >= hits[i].score);
          if (!ok) ++bad;
        }
        ++searches;
      }
    });
  }
  for (std::uint64_t w = 0; w < writers; ++w) threads[w].join();
  done = true;
  for (std::size_t t = writers; t < threads.size(); ++t) threads[t].join();

  CHECK(bad.load() == 0);
  CHECK(searches.load() > 0);
  CHECK(idx->size() == writers * per_writer - writers * (per_writer / 10));
  // Every surviving vector is found as its own nearest neighbour.
  for (std::uint64_t id : {std::uint64_t{0}, std::uint64_t{3}, per_writer + 1, 2 * per_writer - 1}) {
    const auto hits = idx->search(vector_for(id), 1);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == id);
  }
}
