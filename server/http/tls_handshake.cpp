// TLS handshake with a deadline, then the hand-over chosen by ALPN.
#include "server/http/tls_handshake.hpp"

#include "server/http/h2_connection.hpp"
#include "server/http/http1_connection.hpp"

#include <openssl/ssl.h>

#include <string_view>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;

tls_handshake::tls_handshake(asio::ip::tcp::socket socket, io_worker& worker)
    : stream_(std::move(socket), *worker.context.tls), worker_(worker), timer_(worker.io) {}

void tls_handshake::start(connection::list::iterator self) {
  self_ = self;
  if (worker_.stopping) {
    close();
    return;
  }
  error_code ec;
  stream_.lowest_layer().set_option(asio::ip::tcp::no_delay(true), ec);
  timer_.expires_after(worker_.context.options.header_timeout);
  timer_.async_wait([self = shared_from_this()](error_code e) {
    if (!e) self->close();
  });
  stream_.async_handshake(asio::ssl::stream_base::server,
                          [self = shared_from_this()](error_code e) { self->on_handshake(e); });
}

void tls_handshake::close() {
  if (closed_) return;
  closed_ = true;
  auto keep = shared_from_this();
  worker_.context.open_connections.fetch_sub(1);
  error_code ec;
  stream_.lowest_layer().close(ec);
  timer_.cancel();
  worker_.connections.erase(self_);
}

void tls_handshake::on_handshake(error_code ec) {
  if (closed_) return;
  if (ec) {  // not TLS, no shared cipher, bad certificate on the client's side: nothing to answer
    close();
    return;
  }
  auto keep = shared_from_this();
  closed_ = true;  // the successor owns socket, list slot and count from here
  timer_.cancel();
  const unsigned char* alpn = nullptr;
  unsigned alpn_len = 0;
  SSL_get0_alpn_selected(stream_.native_handle(), &alpn, &alpn_len);
  std::string_view protocol(reinterpret_cast<const char*>(alpn), alpn ? alpn_len : 0);
  using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
  if (protocol == "h2") {
    std::string remote;
    auto peer = stream_.lowest_layer().remote_endpoint(ec);
    if (!ec) remote = peer.address().to_string() + ":" + std::to_string(peer.port());
    auto next = std::make_shared<h2_connection<tls_stream>>(std::move(stream_), worker_, std::move(remote));
    *self_ = next;
    next->start(self_, {});
  } else {
    auto next = std::make_shared<http1_connection<tls_stream>>(std::move(stream_), worker_);
    *self_ = next;
    next->start(self_);
  }
}

}  // namespace ragbench::server
