// Date header formatting, cached per second.
#include "server/http/http_date_cache.hpp"

namespace ragbench::server {

std::string_view http_date_cache::now() {
  std::time_t t = std::time(nullptr);
  if (t != second_) {
    second_ = t;
    text_ = format(t);
  }
  return text_;
}

std::string http_date_cache::format(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  // strftime's %a/%b follow the C locale, which a server process does not change
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

}  // namespace ragbench::server
