#pragma once
// The HTTP server: binds, accepts, and runs connections on N I/O threads, each with its own
// io_context, until a graceful stop. One listener serves HTTP/1.1, HTTP/2 with prior knowledge
// (the client preface is sniffed) and HTTP/1.1 "Upgrade: h2c"; with a certificate and key set,
// every connection is TLS and ALPN picks h2 or http/1.1.
#include "server/http/accept_errors.hpp"
#include "server/http/http_server_options.hpp"
#include "server/http/io_worker.hpp"
#include "server/http/message.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace ragbench::server {

// Thread model: one io_context per I/O thread; a connection lives on one thread for its whole
// life, so the request path takes no lock. One acceptor (on thread 0) hands accepted sockets to
// the threads round-robin — chosen over SO_REUSEPORT acceptors because it spreads connections
// evenly even when there are few of them (the kernel's 4-tuple hash does not), works with
// port 0 without a bind race, and makes "stop accepting" a single close. Accepting is cheap
// next to serving keep-alive traffic, so thread 0 does not become a bottleneck.
//
// Not copyable. start() and stop() are called from one controlling thread. The handler runs
// on the I/O threads (see handler_fn); the observer too (see request_observer). A respond_fn
// called after stop() returned is dropped; the server must not be destroyed while another
// thread may still be inside a respond_fn call.
class http_server {
 public:
  // Called on the acceptor's thread with a one-line warning (accept failures, at most one line
  // per accept_log_interval).
  using warn_fn = std::function<void(std::string_view)>;
  static constexpr std::chrono::seconds accept_log_interval{10};

  // Throws std::invalid_argument for bad options, including unreadable or mismatched TLS files
  // (the message names the file).
  http_server(http_server_options options, handler_fn handler, request_observer observer = {}, warn_fn warn = {});
  ~http_server();  // stop(0) if still running
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds host:port (port 0 -> a free port), starts the I/O threads and returns the bound
  // port. Throws std::runtime_error naming host, port and reason when it cannot bind, or
  // std::invalid_argument for bad options. Call once.
  unsigned short start();

  // Graceful shutdown: stops accepting, closes idle keep-alive connections, lets in-flight
  // requests (streams included) finish for up to `grace` — each answered with
  // "connection: close"; HTTP/2 connections get a GOAWAY shutdown notice, then a final GOAWAY
  // once their streams are done — then closes whatever is left (cancelling streams) and joins the
  // threads. Blocks at most about `grace` plus the time to join. Idempotent. Must not be
  // called from an I/O thread (a handler): it waits for those threads.
  void stop(std::chrono::milliseconds grace);

  unsigned short port() const { return port_; }
  // Open client connections right now (for tests and /health/detailed); thread-safe.
  std::size_t open_connections() const { return context_.open_connections.load(); }
  // accept() failures so far by reason; thread-safe. When accept fails for lack of descriptors
  // (EMFILE, ENFILE) the server closes up to reclaim_batch of the connections that have waited
  // longest with nothing in flight (see connection::idle_since), then retries after a short
  // back-off; reclaimed_connections() counts those closes.
  std::uint64_t accept_errors(accept_error_reason r) const { return accept_log_.count(r); }
  std::uint64_t reclaimed_connections() const { return context_.reclaimed_connections.load(); }
  static constexpr std::size_t reclaim_batch = 16;

 private:
  void do_accept();
  void on_accept_error(boost::system::error_code ec);
  // Runs `fn(worker)` on every worker's own thread and waits until all have run it.
  template <class Fn>
  void on_each_worker(Fn fn);

  server_context context_;
  warn_fn warn_;
  accept_error_log accept_log_{accept_log_interval};
  std::vector<std::unique_ptr<io_worker>> workers_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;  // lives on workers_[0]
  std::unique_ptr<boost::asio::steady_timer> accept_retry_;   // back-off after accept errors
  std::vector<std::thread> threads_;
  std::size_t next_worker_ = 0;
  unsigned short port_ = 0;
  bool running_ = false;
};

}  // namespace ragbench::server
