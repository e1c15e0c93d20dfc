// parse_redis_url: redis://[[user]:password@]host[:port][/db] with clear errors.
#include "server/redis/redis_url.hpp"

#include <charconv>
#include <stdexcept>

namespace ragbench::server {
namespace {

// The URL for messages, with any password replaced by "***".
std::string masked(std::string_view text) {
  const auto scheme_end = text.find("://");
  const auto at = text.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end) {
    return std::string(text);
  }
  const auto colon = text.find(':', scheme_end + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(text);
  return std::string(text.substr(0, colon + 1)) + "***" + std::string(text.substr(at));
}

int parse_int(std::string_view digits, int min, int max, const std::string& url, const char* what) {
  int value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < min ||
      value > max) {
    throw std::invalid_argument("redis URL '" + url + "': " + what + " must be a number in " +
                                std::to_string(min) + ".." + std::to_string(max) + ", got '" +
                                std::string(digits) + "'");
  }
  return value;
}

}  // namespace

redis_url parse_redis_url(std::string_view text) {
  const std::string shown = masked(text);
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("redis URL '" + shown + "': " + what);
  };
  if (text.empty()) fail("empty (expected redis://host:port[/db])");
  if (text.rfind("rediss://", 0) == 0) fail("TLS (rediss://) is not supported, use redis://");
  if (text.rfind("redis://", 0) != 0) fail("must start with redis://");
  std::string_view rest = text.substr(8);
  redis_url url;

  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) url.db = parse_int(db, 0, 1'000'000, shown, "database");
  }
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      fail("credentials must be ':password@' or 'user:password@'");
    }
    url.username = std::string(userinfo.substr(0, colon));
    url.password = std::string(userinfo.substr(colon + 1));
    if (url.password.empty()) fail("empty password");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos) fail("unterminated '[' in host");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') fail("expected ':port' after ']'");
      port = after.substr(1);
      if (port.empty()) fail("empty port");
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) fail("empty port");
    }
  }
  if (url.host.empty()) fail("empty host");
  if (!port.empty()) url.port = parse_int(port, 1, 65535, shown, "port");
  return url;
}

}  // namespace ragbench::server
