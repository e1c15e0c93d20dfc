#pragma once
// --dev's sample corpus: a documents.jsonl file ({"title", "content"} per line) loaded on one
// background thread through the store and the normal indexing path, so the server answers at once
// while the corpus comes in, and readiness (/health/detailed, dependency "corpus") says how far it
// got. Thread-safe status; stop() (or the destructor) ends the load after the current document.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "common/log.hpp"
#include "server/pipeline/indexing_jobs.hpp"
#include "server/store/document_store.hpp"

namespace ragbench::server {

class dev_corpus {
 public:
  struct status {
    std::size_t loaded = 0;  // documents indexed so far
    std::size_t total = 0;   // documents in the file (0 until counted)
    bool done = false;       // finished (all loaded, or failed)
    std::string error;       // why it failed; empty when it did not
    double seconds = 0;      // load time so far, or in all when done
  };

  // `store` and `jobs` must outlive the loader.
  dev_corpus(document_store& store, indexing_jobs& jobs, std::string path, const logger& log);
  ~dev_corpus();
  dev_corpus(const dev_corpus&) = delete;
  dev_corpus& operator=(const dev_corpus&) = delete;

  void start();  // starts the background thread
  void stop();   // ends the load after the current document and joins; idempotent
  status current() const;

  // corpus/documents.jsonl next to the running binary's bin/ folder (the build's sample corpus).
  static std::string default_path();

 private:
  void run();

  document_store& store_;
  indexing_jobs& jobs_;
  std::string path_;
  const logger& log_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  status status_;
  std::thread thread_;
};

}  // namespace ragbench::server
