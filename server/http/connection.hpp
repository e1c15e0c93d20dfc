#pragma once
// What the server needs from any open connection (HTTP/1.1, HTTP/2, a TLS handshake in
// progress): to be told of a graceful stop, and to be closed. The worker's list holds them.
#include <chrono>
#include <list>
#include <memory>

namespace ragbench::server {

// Implementations live on one io_worker's thread; both calls are made there. A connection is
// owned by its worker's `connections` list while open and erases itself from it in close().
// When a connection turns into another (TLS handshake -> HTTP, HTTP/1.1 -> HTTP/2 after the
// preface or an Upgrade) the successor takes over the list slot and the open-connection count.
class connection {
 public:
  using list = std::list<std::shared_ptr<connection>>;

  virtual ~connection() = default;
  // Graceful shutdown began: finish what is in flight, accept nothing new, then close.
  virtual void on_server_stop() = 0;
  // Closes the socket now and cancels streams. Idempotent.
  virtual void close() = 0;
  // Since when the connection has been waiting for a client with nothing in flight (between
  // keep-alive requests, or no byte yet; HTTP/2: no open stream), or time_point::max() while busy.
  // Out of descriptors, the server closes the longest-waiting ones first.
  virtual std::chrono::steady_clock::time_point idle_since() const = 0;
};

}  // namespace ragbench::server
