#pragma once
// Background indexing: a bounded queue of jobs worked by a fixed number of threads. A job chunks
// its document, writes the chunks to the store (one transaction), publishes them to the corpus
// and records progress in the store, so a job survives a crash: at start-up every queued or
// running job is resumed from the beginning (chunk ids are deterministic, so redoing is safe).
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "server/pipeline/corpus.hpp"
#include "server/rag/chunker.hpp"
#include "server/store/document_store.hpp"

namespace ragbench::server {

struct job_counts {
  std::uint64_t queued = 0, running = 0, done = 0, failed = 0;
};

class indexing_jobs {
 public:
  indexing_jobs(corpus& docs, const chunker& split, std::size_t workers, const logger& log);
  ~indexing_jobs();
  indexing_jobs(const indexing_jobs&) = delete;
  indexing_jobs& operator=(const indexing_jobs&) = delete;

  // Queues a job (already durable in the store as `queued`). Thread-safe, never blocks.
  void enqueue(job j);
  // Runs a job to completion on the calling thread; returns the finished job (done or failed).
  job run_now(job j);
  // Queues every unfinished job found in the store. Returns how many.
  std::size_t resume_unfinished();
  // Stops taking jobs; running jobs finish, queued ones stay queued in the store for next start.
  void stop();
  // Counts by state over jobs seen since start (for the `jobs{state}` metric).
  job_counts counts() const;

 private:
  void work();
  job execute(job j);

  corpus& docs_;
  const chunker& split_;
  const logger& log_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::uint64_t running_ = 0, done_ = 0, failed_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace ragbench::server
