#pragma once
// A fixed pool of compute threads for work that must not run on an I/O thread: uploads (chunk,
// embed, store writes), store reads, answer generation. Thin wrapper over asio::thread_pool so
// callers get one obvious name and a bounded, joinable pool.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <utility>

namespace ragbench::server {

class compute_pool {
 public:
  explicit compute_pool(std::size_t threads) : pool_(threads == 0 ? 1 : threads) {}
  compute_pool(const compute_pool&) = delete;
  compute_pool& operator=(const compute_pool&) = delete;
  ~compute_pool() { join(); }

  // Runs `fn` on a pool thread. Thread-safe. `fn` must not throw (catch inside).
  template <class F>
  void post(F&& fn) {
    boost::asio::post(pool_, std::forward<F>(fn));
  }
  // Waits for queued work to finish and stops the threads. Idempotent.
  void join() { pool_.join(); }
  boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace ragbench::server
