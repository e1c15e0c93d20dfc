#pragma once
// The accept loop the misbehaving test servers share: a listener on 127.0.0.1 (port picked by the
// kernel), one thread per accepted connection running a handler with blocking socket calls, and a
// clean stop (the destructor closes the listener, shuts every open connection down, so a handler
// blocked in read/write returns, and joins every thread). When a handler returns, its connection is
// closed (FIN); threads of finished connections are joined as new ones arrive, so a long run does
// not pile them up.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace ragbench::testing {

class loopback_server {
 public:
  using socket = boost::asio::ip::tcp::socket;
  // Runs on its connection's thread; may block. `stopping()` turns true when the server goes away:
  // a handler that sleeps or loops must check it (blocking socket calls are interrupted anyway).
  // It must not close the socket itself: return (FIN) or call abort (RST).
  using handler = std::function<void(socket&, loopback_server&)>;

  explicit loopback_server(handler h);
  ~loopback_server();
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;

  boost::asio::ip::tcp::endpoint endpoint() const;
  unsigned short port() const { return port_; }
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  // Connections accepted so far.
  std::size_t connections() const { return connections_.load(); }
  // Sleeps up to `d`, returning early (false) when the server stops.
  bool sleep_for(std::chrono::milliseconds d) const;
  // Resets the connection (RST: SO_LINGER 0, then close); the handler should return after it.
  void abort(socket& s);

 private:
  struct connection {
    socket sock;
    std::thread thread;
    std::atomic<bool> done{false};
    explicit connection(socket s) : sock(std::move(s)) {}
  };
  void accept_loop();
  void reap_finished();

  handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::list<connection> open_;
};

}  // namespace ragbench::testing
