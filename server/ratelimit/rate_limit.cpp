// rate_limit: "N/DURATION" parsing and formatting.
#include "server/ratelimit/rate_limit.hpp"

#include <charconv>
#include <stdexcept>

#include "common/units.hpp"

namespace ragbench::server {
namespace {

constexpr std::uint64_t k_max_requests = 1'000'000;
constexpr std::chrono::milliseconds k_min_window = std::chrono::seconds(1);
constexpr std::chrono::milliseconds k_max_window = std::chrono::hours(24 * 7);

}  // namespace

std::int64_t rate_limit::interval_us() const {
  if (requests == 0) return 0;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(window).count() /
                  static_cast<std::int64_t>(requests);
  return us > 0 ? us : 1;
}

rate_limit parse_rate_limit(std::string_view text) {
  if (text == "off") return {};
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    throw std::invalid_argument("expected REQUESTS/WINDOW such as 20/1m or 5/15m, or off");
  }
  const auto count = text.substr(0, slash);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (ec != std::errc() || end != count.data() + count.size() || n == 0 || n > k_max_requests) {
    throw std::invalid_argument("the request count before '/' must be an integer from 1 to 1000000, got '" +
                                std::string(count) + "'");
  }
  std::string window(text.substr(slash + 1));
  if (window == "s" || window == "m" || window == "h") window = "1" + window;
  if (window == "min") window = "1m";
  const auto d = parse_duration(window);
  if (!d) {
    throw std::invalid_argument("the window after '/' must be a duration with a unit (60s, 1m, 15m, 1h), got '" +
                                window + "'");
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  if (ms < k_min_window || ms > k_max_window) {
    throw std::invalid_argument("the window must be from 1s to 7 days, got '" + window + "'");
  }
  return {n, ms};
}

std::string to_string(const rate_limit& limit) {
  if (!limit.enabled()) return "off";
  const auto ms = limit.window.count();
  std::string window;
  if (ms % 3'600'000 == 0) window = std::to_string(ms / 3'600'000) + "h";
  else if (ms % 60'000 == 0) window = std::to_string(ms / 60'000) + "m";
  else if (ms % 1000 == 0) window = std::to_string(ms / 1000) + "s";
  else window = std::to_string(ms) + "ms";
  return std::to_string(limit.requests) + "/" + window;
}

}  // namespace ragbench::server
