#pragma once
// The byte stream a client session runs on: plain TCP, or TLS over TCP when a tls_client_context
// is given (a fresh SSL object per connection, session resumption through the context's cache).
// async_connect covers the TCP connect and the TLS handshake; its handler learns which failed.
// Not thread-safe (one io_context thread). Cost on the plain path: one branch per I/O call.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <optional>

#include "loadgen/engine/tls_client_context.hpp"

namespace ragbench::loadgen {

class transport_stream {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using tls_type = boost::asio::ssl::stream<socket_type>;
  enum class stage { tcp, tls };  // which step of async_connect failed

  // `tls` null: plain TCP. Otherwise it must outlive the stream.
  transport_stream(boost::asio::io_context& io, tls_client_context* tls) : io_(io), socket_(io), tls_ctx_(tls) {}

  // Connects (and handshakes). handler(error_code, stage); on success, TCP_NODELAY is set.
  template <class Handler>
  void async_connect(const boost::asio::ip::tcp::endpoint& target, Handler handler) {
    if (tls_ctx_) {
      tls_.emplace(io_, tls_ctx_->context());
      tls_ctx_->prepare(tls_->native_handle());
    }
    lowest().async_connect(target, [this, handler](const boost::system::error_code& ec) mutable {
      if (ec) return handler(ec, stage::tcp);
      boost::system::error_code ignored;
      lowest().set_option(boost::asio::ip::tcp::no_delay(true), ignored);
      if (!tls_) return handler(ec, stage::tcp);
      tls_->async_handshake(boost::asio::ssl::stream_base::client,
                            [this, handler](const boost::system::error_code& hec) mutable {
                              if (hec) {
                                // A handshake cut short by our own close() is not the server's failure.
                                if (lowest().is_open()) tls_ctx_->handshake_failed(tls_->native_handle(), hec.message());
                                return handler(hec, stage::tls);
                              }
                              std::string why = tls_ctx_->after_handshake(tls_->native_handle());
                              if (!why.empty()) return handler(boost::asio::error::no_protocol_option, stage::tls);
                              handler(hec, stage::tls);
                            });
    });
  }

  template <class Buffers, class Handler>
  void async_write(const Buffers& buffers, Handler&& handler) {
    if (tls_) boost::asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
    else boost::asio::async_write(socket_, buffers, std::forward<Handler>(handler));
  }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls_) tls_->async_read_some(buffers, std::forward<Handler>(handler));
    else socket_.async_read_some(buffers, std::forward<Handler>(handler));
  }

  // Cancels pending operations (they complete with operation_aborted).
  void cancel() {
    boost::system::error_code ignored;
    lowest().cancel(ignored);
  }
  // Closes the socket without a TLS close_notify (a load generator does not wait for it). The
  // connection is marked as shut down, else OpenSSL would mark its session not resumable.
  void close() {
    if (tls_) SSL_set_shutdown(tls_->native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    boost::system::error_code ignored;
    lowest().close(ignored);
  }
  bool is_tls() const { return tls_ctx_ != nullptr; }

 private:
  socket_type& lowest() { return tls_ ? tls_->next_layer() : socket_; }

  boost::asio::io_context& io_;
  socket_type socket_;            // plain TCP
  std::optional<tls_type> tls_;   // TLS: re-created per connection
  tls_client_context* tls_ctx_;
};

}  // namespace ragbench::loadgen
