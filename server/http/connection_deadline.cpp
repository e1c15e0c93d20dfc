// A connection's deadline on one lazily re-armed steady_timer (see the header for the contract).
#include "server/http/connection_deadline.hpp"

namespace ragbench::server {

void connection_deadline::start(std::weak_ptr<void> owner, std::function<void()> on_expired) {
  owner_ = std::move(owner);
  on_expired_ = std::move(on_expired);
}

void connection_deadline::set(clock::time_point t) {
  deadline_ = t;
  if (t < armed_for_ && !cancelled_) arm(t);  // a later one is picked up when the pending wait fires
}

void connection_deadline::cancel() {
  cancelled_ = true;
  deadline_ = none;
  armed_for_ = none;
  timer_.cancel();
}

void connection_deadline::arm(clock::time_point t) {
  armed_for_ = t;
  timer_.expires_at(t);  // cancels the pending wait: its completion carries an older generation
  timer_.async_wait([this, keep = owner_.lock(), generation = ++generation_](boost::system::error_code) {
    on_timer(generation);
  });
}

void connection_deadline::on_timer(std::uint64_t generation) {
  // Stale: re-armed since (a completion already queued is not cancelled by expires_at), or cancelled.
  if (generation != generation_ || cancelled_) return;
  armed_for_ = none;  // nothing pending now: a set() from on_expired arms a new wait
  if (clock::now() >= deadline_) {
    on_expired_();
    return;
  }
  if (deadline_ != none) arm(deadline_);
}

}  // namespace ragbench::server
