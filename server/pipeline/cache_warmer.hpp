#pragma once
// Cache warming (seed 003): answers a list of queries through the answer path (embedding cache,
// answer cache tiers, retrieval, simulated generation) right after start, `concurrency` at a time,
// while `readiness` holds the server at "warming". Asynchronous: the answers wait on timers of
// `executor` (no thread blocks), and each completion starts the next query.
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/readiness.hpp"
#include "server/pipeline/warm_queries.hpp"

namespace ragbench::server {

struct warm_report {
  std::size_t total = 0;
  std::size_t answered = 0;  // completed with an answer
  std::size_t failed = 0;    // completed without one (internal error)
  bool stopped = false;      // stop() was called before every query ran
  std::chrono::duration<double> elapsed{0};
};

class cache_warmer {
 public:
  static constexpr std::string_view k_state = "warming";

  // Marks `ready` "warming" at once (so nothing reports ready before start()). `answers`, `ready`
  // and the executor's context must outlive the warmer. concurrency >= 1.
  cache_warmer(answer_service& answers, readiness& ready, std::vector<warm_query> queries, std::size_t k,
               std::size_t concurrency, boost::asio::any_io_executor executor);

  // Starts answering; `done` runs once, on the executor, when every query has completed (or, after
  // stop(), when the ones in flight have), after "warming" is cleared from readiness.
  void start(std::function<void(const warm_report&)> done);
  // Starts no further query. Thread-safe, idempotent.
  void stop() { stopping_.store(true); }
  std::size_t size() const { return queries_.size(); }

 private:
  void launch_next();
  void on_answered(bool ok);
  void finish();  // once: clears readiness, calls done_

  answer_service& answers_;
  readiness& ready_;
  std::vector<warm_query> queries_;
  std::size_t k_;
  std::size_t concurrency_;
  boost::asio::any_io_executor executor_;
  std::function<void(const warm_report&)> done_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::size_t next_ = 0, in_flight_ = 0, answered_ = 0, failed_ = 0;
  bool finished_ = false;
};

}  // namespace ragbench::server
