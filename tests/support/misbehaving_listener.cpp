// misbehaving_listener: a silent acceptor, and a TLS server that gives up inside its ServerHello.
#include "support/misbehaving_listener.hpp"

#include <boost/asio/write.hpp>

namespace ragbench::testing {
namespace {

namespace asio = boost::asio;

void hold_unread(loopback_server::socket&, loopback_server& srv) {
  while (srv.sleep_for(std::chrono::milliseconds(50))) {
  }
}

void break_handshake(loopback_server::socket& s, loopback_server&) {
  char hello[4096];
  boost::system::error_code ec;
  s.read_some(asio::buffer(hello), ec);  // the ClientHello (or its first part)
  if (ec) return;
  // A handshake record (type 22, TLS 1.2 record version) of 48 bytes holding a ServerHello (type 2,
  // 44 bytes: version 3.3, then the random) — cut off after 14 bytes.
  const unsigned char partial[] = {0x16, 0x03, 0x03, 0x00, 0x30, 0x02, 0x00, 0x00, 0x2c,
                                   0x03, 0x03, 0x5a, 0x5a, 0x5a};
  asio::write(s, asio::buffer(partial), ec);
}

}  // namespace

misbehaving_listener::misbehaving_listener(mode m)
    : mode_(m), server_(m == mode::never_reads ? loopback_server::handler(hold_unread)
                                               : loopback_server::handler(break_handshake)) {}

std::string misbehaving_listener::url() const {
  return std::string(mode_ == mode::broken_tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

}  // namespace ragbench::testing
