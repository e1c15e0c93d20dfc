#pragma once
// The one timer of a connection (HTTP/1.1 or HTTP/2): a single deadline that moves with the
// connection's phase (header, body, idle, write, linger), kept on one steady_timer that is
// re-armed lazily, so moving the deadline costs no timer system call in the common case.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace ragbench::server {

// Why it is cheap: set() only records a deadline that is later than the moment the timer is
// armed for; when the timer fires before the deadline in force it re-arms itself for it. Only a
// deadline earlier than the armed one touches the timer at once. A keep-alive HTTP/1.1 exchange
// moves the deadline three times (idle wait, none while the handler runs, write), yet the timer
// is re-armed about once per timeout period, not once per request.
//
// Lives on its connection's thread; not thread-safe. The owner is held by a shared_ptr, and the
// pending wait keeps it alive (as an Asio handler capturing shared_from_this() would), so the
// owner's close() calls cancel().
class connection_deadline {
 public:
  using clock = std::chrono::steady_clock;
  static constexpr clock::time_point none = clock::time_point::max();

  explicit connection_deadline(boost::asio::io_context& io) : timer_(io) {}
  connection_deadline(const connection_deadline&) = delete;
  connection_deadline& operator=(const connection_deadline&) = delete;

  // Call once, before the first set(). `on_expired` runs on the io_context's thread when the
  // deadline in force has passed — never for a deadline that was moved later or cleared before it
  // passed, never after cancel(). It may call set() again (a 408 answer, a GOAWAY): that deadline
  // is armed like any other. `owner` is kept alive while a wait is pending.
  void start(std::weak_ptr<void> owner, std::function<void()> on_expired);

  // Moves the deadline to `t` (none: no deadline). Cost: a comparison, plus one timer re-arm when
  // `t` is earlier than the pending wait.
  void set(clock::time_point t);
  void clear() { set(none); }
  // The deadline in force (none when there is none).
  clock::time_point at() const { return deadline_; }

  // No more on_expired calls; the pending wait completes at once and lets the owner go. Idempotent.
  void cancel();

 private:
  void arm(clock::time_point t);
  void on_timer(std::uint64_t generation);

  boost::asio::steady_timer timer_;
  std::weak_ptr<void> owner_;
  std::function<void()> on_expired_;
  clock::time_point deadline_ = none;
  clock::time_point armed_for_ = none;  // expiry of the pending wait; none: no wait pending
  std::uint64_t generation_ = 0;        // of the latest wait; an older completion is stale
  bool cancelled_ = false;
};

}  // namespace ragbench::server
