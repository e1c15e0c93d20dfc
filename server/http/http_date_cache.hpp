#pragma once
// The value of the Date response header (RFC 9110 IMF-fixdate), formatted at most once per second.
#include <ctime>
#include <string>
#include <string_view>

namespace ragbench::server {

// Not thread-safe: one per I/O thread. Cost per call: one time() (vDSO) and, once a second,
// a strftime.
class http_date_cache {
 public:
  // "Sun, 06 Nov 1994 08:49:37 GMT" for the current second; valid until the next call.
  std::string_view now();
  // The date for an explicit time (for tests).
  static std::string format(std::time_t t);

 private:
  std::time_t second_ = -1;
  std::string text_;
};

}  // namespace ragbench::server
