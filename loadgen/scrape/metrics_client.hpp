#pragma once
// A minimal HTTP/1.1 client for /metrics: one GET per call on a fresh loopback-friendly connection
// (Connection: close), the whole exchange bounded by a deadline and the body by a size. Runs its own
// io_context on the calling thread, so it shares nothing with the load's worker threads.
// Thread-safety: fetch() from one thread at a time; cancel() from any thread.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include <boost/asio/io_context.hpp>

#include "loadgen/scenario/scrape_spec.hpp"

namespace ragbench::loadgen {

struct fetch_result {
  bool ok = false;
  std::string body;   // the 200 response's body
  std::string error;  // why not ok: "connect: Connection refused", "HTTP 404", "timed out after 1s", ...
};

class metrics_client {
 public:
  explicit metrics_client(std::size_t max_body_bytes = 32u << 20) : max_body_bytes_(max_body_bytes) {}

  // GET url.target from url.host:port; ok only for a 200 answer read whole within `timeout`.
  // After cancel() returns at once with error "cancelled".
  fetch_result fetch(const scrape_url& url, std::chrono::nanoseconds timeout);
  // Aborts a fetch in progress and every later one.
  void cancel();

 private:
  boost::asio::io_context io_;
  std::size_t max_body_bytes_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace ragbench::loadgen
