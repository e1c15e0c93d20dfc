// The HTTP/1.1 connection's way to HTTP/2: sniffing the prior-knowledge client preface and
// answering "Upgrade: h2c" with 101, then handing the socket to an h2_connection.
#include "server/http/http1_connection.hpp"

#include "server/http/h2_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::string_view switching_line =
    "HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n";
constexpr std::string_view h2_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// True when the comma-separated header value lists `token` (case-insensitive).
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.size() == token.size() &&
        std::equal(item.begin(), item.end(), token.begin(), [](char a, char b) {
          return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
        })) {
      return true;
    }
  }
  return false;
}
}  // namespace

// In `sniffing`: the bytes so far decide. A prefix of the preface waits for more (within
// header_timeout of the first byte); the whole preface hands over to HTTP/2.
template <class Stream>
bool http1_connection<Stream>::sniff() {
  auto data = buffer_.data();
  std::string_view got(static_cast<const char*>(data.data()), data.size());
  std::size_t k = std::min(got.size(), h2_preface.size());
  if (got.substr(0, k) != h2_preface.substr(0, k)) {
    enter(state::reading_header);  // HTTP/1.x
    return true;
  }
  if (k < h2_preface.size()) {
    deadline_.set(exchange_.record.started + ctx_.options.header_timeout);
    do_read();
    return false;
  }
  switch_to_h2(nullptr, {});
  return false;
}

template <class Stream>
bool http1_connection<Stream>::try_upgrade() {
  auto upgrade = req_.header("upgrade");
  auto settings = req_.header("http2-settings");
  if (!upgrade || !settings || !req_.body.empty() || !has_token(*upgrade, "h2c")) return false;
  auto decoded = decode_base64url(*settings);
  if (!decoded) return false;  // not a valid upgrade: answer over HTTP/1.1 (RFC 9110 §7.8)
  enter(state::upgrading);
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  asio::async_write(socket_, asio::buffer(switching_line),
                    [self = this->shared_from_this(), payload = std::move(*decoded)](error_code ec, std::size_t) {
                      if (self->state_ != state::upgrading) return;  // closed meanwhile
                      if (ec) {
                        self->close();
                        return;
                      }
                      self->switch_to_h2(&self->req_, payload);
                    });
  return true;
}

// This object is done: the h2_connection takes the socket, the list slot and the open count.
template <class Stream>
void http1_connection<Stream>::switch_to_h2(request* upgraded, std::string_view settings_payload) {
  auto keep = this->shared_from_this();
  enter(state::closed);
  deadline_.cancel();
  auto data = buffer_.data();
  std::string initial(static_cast<const char*>(data.data()), data.size());
  buffer_.clear();
  auto next = std::make_shared<h2_connection<Stream>>(std::move(socket_), worker_, remote_);
  *self_ = next;
  next->start(self_, initial, upgraded, settings_payload);
}

// The class itself is instantiated in http1_connection.cpp; these are the members defined here.
using plain_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
template bool http1_connection<plain_stream>::sniff();
template bool http1_connection<plain_stream>::try_upgrade();
template void http1_connection<plain_stream>::switch_to_h2(request*, std::string_view);
template bool http1_connection<tls_stream>::sniff();
template bool http1_connection<tls_stream>::try_upgrade();
template void http1_connection<tls_stream>::switch_to_h2(request*, std::string_view);

}  // namespace ragbench::server
