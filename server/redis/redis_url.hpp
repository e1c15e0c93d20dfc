#pragma once
// Parsing of Redis URLs: redis://[[user]:password@]host[:port][/db]. host may be a name, an IPv4
// address or a bracketed IPv6 address; port defaults to 6379, db to 0.
#include <string>
#include <string_view>

namespace ragbench::server {

struct redis_url {
  std::string host;
  int port = 6379;
  std::string username;  // empty: AUTH with the password only (or no AUTH)
  std::string password;  // empty: no AUTH
  int db = 0;            // SELECTed after connecting when not 0
};

// Throws std::invalid_argument with a message naming the URL (password masked) and what is
// wrong: scheme (rediss:// is not supported), empty host, port outside 1..65535, db not a
// non-negative number. Pure, thread-safe.
redis_url parse_redis_url(std::string_view text);

}  // namespace ragbench::server
