#pragma once
// Where a live listener of loadgen run binds (--web ADDR, --metrics-listen ADDR): "HOST:PORT" with
// HOST an IPv4 address, "[IPv6]" or "localhost" (= 127.0.0.1), PORT 0..65535 (0: the system picks
// one; loadgen prints the one it got). No name resolution: the address is checked before the run
// and bound as given.
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace ragbench::loadgen {

struct listen_address {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string text;  // as given, for messages

  friend bool operator==(const listen_address& a, const listen_address& b) { return a.endpoint == b.endpoint; }
};

// Parses "127.0.0.1:8089", "[::1]:9100", "localhost:0". Throws std::invalid_argument naming `flag`
// and what is wrong.
listen_address parse_listen_address(const std::string& text, const std::string& flag);

// "http://127.0.0.1:8089" (IPv6 in brackets).
std::string url_of(const boost::asio::ip::tcp::endpoint& e);

}  // namespace ragbench::loadgen
