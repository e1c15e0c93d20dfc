#pragma once
// State shared by the server and its connections: the immutable settings, and per I/O thread
// the io_context with the connections it owns.
#include "server/http/connection.hpp"
#include "server/http/gzip_encoder.hpp"
#include "server/http/http_date_cache.hpp"
#include "server/http/http_server_options.hpp"
#include "server/http/message.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace ragbench::server {

// Owned by http_server (which includes the TLS headers); outlives every connection.
// Read-only after start() except the counter (one increment/decrement per connection, not per request).
struct server_context {
  http_server_options options;
  handler_fn handler;
  request_observer observer;
  mutable std::atomic<std::size_t> open_connections{0};  // changed by connections on open/close
  mutable std::atomic<std::uint64_t> reclaimed_connections{0};  // idle ones closed to free descriptors
  // Set when tls_cert_file/tls_key_file are: every accepted connection does a TLS handshake.
  std::unique_ptr<boost::asio::ssl::context> tls;
};

// One per I/O thread. Everything but `io` is touched only on that thread.
struct io_worker {
  explicit io_worker(const server_context& c) : context(c) {}

  const server_context& context;
  boost::asio::io_context io{1};  // concurrency hint 1: exactly one thread runs it
  gzip_encoder gzip;              // shared by this thread's connections, one body at a time
  http_date_cache date;           // Date header of this thread's responses
  // Open connections of this thread; the list owns them (declared after `io`, destroyed first).
  connection::list connections;
  bool stopping = false;  // graceful shutdown began: finish current requests, then close
};

}  // namespace ragbench::server
