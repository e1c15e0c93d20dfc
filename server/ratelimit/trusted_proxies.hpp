#pragma once
// The proxies whose X-Forwarded-For header ragserver believes: a list of addresses and CIDR
// blocks ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"). Empty = trust nobody (the header is
// ignored and the client is the TCP peer).
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

class trusted_proxies {
 public:
  trusted_proxies() = default;
  // Comma-separated addresses or CIDR blocks; "" = none. Throws std::invalid_argument naming the
  // bad entry.
  static trusted_proxies parse(std::string_view list);

  bool empty() const { return blocks_.empty(); }
  // Whether `address` lies in one of the blocks (an IPv4-mapped IPv6 address counts as IPv4).
  bool contains(const boost::asio::ip::address& address) const;
  // The list as parse() accepts it back ("127.0.0.1/32,10.0.0.0/8").
  std::string to_string() const;

 private:
  struct block {
    boost::asio::ip::address base;
    unsigned prefix = 0;
  };
  std::vector<block> blocks_;
};

// The address in `text` ("10.1.2.3", "::1", "[::1]", "10.1.2.3:5678", "[::1]:443"), or nullopt.
std::optional<boost::asio::ip::address> parse_ip_address(std::string_view text);

}  // namespace ragbench::server
