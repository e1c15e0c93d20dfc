#pragma once
// Failures of accept(): counted by reason for /metrics, and the decision when one is worth a log
// line — the first, then at most one per interval saying how many happened since — so a server
// out of file descriptors says so without writing a line per failed accept.
#include <boost/system/error_code.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ragbench::server {

enum class accept_error_reason { emfile, enfile, other };
inline constexpr std::array<accept_error_reason, 3> all_accept_error_reasons{
    accept_error_reason::emfile, accept_error_reason::enfile, accept_error_reason::other};

// EMFILE (this process is out of descriptors), ENFILE (the system is), anything else.
accept_error_reason classify_accept_error(const boost::system::error_code& ec);
// "emfile", "enfile", "other": the `reason` label of http_accept_errors_total.
std::string_view to_string(accept_error_reason r);

// record() is called from one thread (the acceptor's); count() from any.
class accept_error_log {
 public:
  using clock = std::chrono::steady_clock;

  explicit accept_error_log(clock::duration interval) : interval_(interval) {}

  // Counts one failure at `now`. Returns the line to log, naming the error and how many failures
  // there were since the last line, or nullopt when a line was returned less than an interval ago.
  std::optional<std::string> record(const boost::system::error_code& ec, clock::time_point now);

  // Failures of reason `r` so far.
  std::uint64_t count(accept_error_reason r) const { return counts_[static_cast<std::size_t>(r)].load(); }

 private:
  clock::duration interval_;
  std::optional<clock::time_point> last_line_;
  std::uint64_t since_line_ = 0;
  std::array<std::atomic<std::uint64_t>, 3> counts_{};
};

}  // namespace ragbench::server
