// Parsing a listener's HOST:PORT.
#include "loadgen/live/listen_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <stdexcept>

namespace ragbench::loadgen {

listen_address parse_listen_address(const std::string& text, const std::string& flag) {
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument(flag + " must be HOST:PORT, e.g. 127.0.0.1:8089 (" + why + "); got '" + text + "'");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw bad("no port");
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    throw bad("the port is a number from 0 to 65535");
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string::npos) throw bad("an IPv6 address goes in brackets, [::1]:PORT");
  if (host == "localhost") host = "127.0.0.1";
  if (host.empty()) throw bad("no host");
  boost::system::error_code parse_ec;
  const auto address = boost::asio::ip::make_address(host, parse_ec);
  if (parse_ec) throw bad("the host is an IP address or localhost");
  return {boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port)), text};
}

std::string url_of(const boost::asio::ip::tcp::endpoint& e) {
  const std::string host = e.address().is_v6() ? "[" + e.address().to_string() + "]" : e.address().to_string();
  return "http://" + host + ":" + std::to_string(e.port());
}

}  // namespace ragbench::loadgen
