#pragma once
// A freshly accepted TLS connection until its handshake completes; then, by the ALPN result,
// an h2_connection ("h2") or an http1_connection (anything else) takes over the socket.
#include "server/http/connection.hpp"
#include "server/http/io_worker.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string>

namespace ragbench::server {

// Lives on one io_worker's thread. The handshake must finish within header_timeout, else the
// connection is closed. Counts as an open connection (the successor inherits the count).
class tls_handshake : public connection, public std::enable_shared_from_this<tls_handshake> {
 public:
  tls_handshake(boost::asio::ip::tcp::socket socket, io_worker& worker);

  void start(connection::list::iterator self);
  void on_server_stop() override { close(); }  // nothing in flight worth finishing
  void close() override;
  // A handshake in progress is not idle (header_timeout bounds it).
  std::chrono::steady_clock::time_point idle_since() const override {
    return std::chrono::steady_clock::time_point::max();
  }

 private:
  void on_handshake(boost::system::error_code ec);

  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  io_worker& worker_;
  boost::asio::steady_timer timer_;
  connection::list::iterator self_;
  bool closed_ = false;
};

}  // namespace ragbench::server
