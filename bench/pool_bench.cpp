// Connection-pool acquire + release under contention, per strategy, at 1..8 threads sharing one
// pool. The connection is trivial (no I/O), so this measures the pool's own cost: the lock, the
// FIFO ticket queue and (for none) an allocation per acquisition. fixed/elastic have 4 connections
// (elastic: min 2, max 4, overflow 4), so above 4 threads (fixed) or 8 (elastic) threads wait.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "server/pool/connection_pool.hpp"

namespace {

using namespace ragbench::server;
using namespace std::chrono_literals;

class trivial_connection final : public pooled_connection {
 public:
  bool ping(std::chrono::milliseconds) override { return true; }
  std::uint64_t uses = 0;
};

struct pools {
  ragbench::steady_clock_source clock;
  std::map<std::string, std::unique_ptr<connection_pool>> by_name;
  pools() {
    for (const char* name : {"none", "fixed", "elastic"}) {
      pool_options o;
      o.strategy = name;
      o.min = 2;
      o.max = 4;
      o.overflow = 4;
      o.acquire_timeout = 30'000ms;
      o.preping_after = 3'600'000ms;
      o.max_lifetime = 0ms;
      by_name[name] = make_pool(name, o, [](std::chrono::milliseconds) {
        return std::make_unique<trivial_connection>();
      }, clock);
    }
  }
};

pools& fixture() {
  static pools p;
  return p;
}

void bm_acquire_release(benchmark::State& state, const char* strategy) {
  auto& pool = *fixture().by_name.at(strategy);
  for (auto _ : state) {
    auto lease = pool.acquire();
    ++lease.as<trivial_connection>().uses;  // hold it for a moment, as a user would
  }
  if (state.thread_index() == 0) {
    auto s = pool.snapshot();
    state.counters["created"] = static_cast<double>(s.created);
    state.counters["open"] = static_cast<double>(s.open);
  }
}

BENCHMARK_CAPTURE(bm_acquire_release, none, "none")->ThreadRange(1, 8)->UseRealTime();
BENCHMARK_CAPTURE(bm_acquire_release, fixed, "fixed")->ThreadRange(1, 8)->UseRealTime();
BENCHMARK_CAPTURE(bm_acquire_release, elastic, "elastic")->ThreadRange(1, 8)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
