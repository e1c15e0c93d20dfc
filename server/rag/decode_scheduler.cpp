// decode_scheduler: a counting semaphore with a bounded FIFO queue, whose waiters are callbacks
// instead of blocked threads. Bounded mode takes one mutex per admission and per release;
// unlimited mode only counts.
#include "server/rag/decode_scheduler.hpp"

namespace ragbench::server {

decode_scheduler::decode_scheduler(std::size_t slots, std::size_t queue_max, const clock_source& clock)
    : slots_(slots), queue_max_(queue_max), clock_(clock) {}

std::shared_ptr<decode_scheduler::ticket> decode_scheduler::admit() {
  const time_point now = clock_.now();
  if (slots_ == 0) {
    unlimited_in_use_.fetch_add(1, std::memory_order_relaxed);
    return std::shared_ptr<ticket>(new ticket(*this, now, ticket::state::granted));
  }
  std::lock_guard lock(mutex_);
  if (granted_ < slots_) {
    ++granted_;
    return std::shared_ptr<ticket>(new ticket(*this, now, ticket::state::granted));
  }
  if (waiting_.size() >= queue_max_) {
    rejected_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  std::shared_ptr<ticket> t(new ticket(*this, now, ticket::state::waiting));
  t->place_ = waiting_.insert(waiting_.end(), t.get());
  return t;
}

std::size_t decode_scheduler::in_use() const {
  if (slots_ == 0) return unlimited_in_use_.load(std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  return granted_;
}

std::size_t decode_scheduler::queued() const {
  if (slots_ == 0) return 0;
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::uint64_t decode_scheduler::rejected() const { return rejected_.load(std::memory_order_relaxed); }

std::function<void()> decode_scheduler::release(ticket& t) {
  if (slots_ == 0) {
    if (t.state_ == ticket::state::granted) unlimited_in_use_.fetch_sub(1, std::memory_order_relaxed);
    t.state_ = ticket::state::released;
    t.on_grant_ = nullptr;
    return {};
  }
  std::lock_guard lock(mutex_);
  const ticket::state was = t.state_;
  t.state_ = ticket::state::released;
  t.on_grant_ = nullptr;
  if (was == ticket::state::waiting) {
    waiting_.erase(t.place_);
    return {};
  }
  if (was != ticket::state::granted) return {};
  if (waiting_.empty()) {
    --granted_;
    return {};
  }
  // The slot passes straight to the oldest waiter (granted_ is unchanged).
  ticket* next = waiting_.front();
  waiting_.pop_front();
  next->state_ = ticket::state::granted;
  next->granted_at_ = clock_.now();
  return std::move(next->on_grant_);  // empty when the waiter has not registered yet
}

decode_scheduler::ticket::ticket(decode_scheduler& owner, time_point admitted_at, state s)
    : owner_(owner), admitted_at_(admitted_at), state_(s) {
  if (s == state::granted) granted_at_ = admitted_at;
}

decode_scheduler::ticket::~ticket() { release(); }

void decode_scheduler::ticket::on_grant(std::function<void()> fn) {
  if (owner_.slots_ != 0) {
    std::unique_lock lock(owner_.mutex_);
    if (state_ == state::waiting) {
      on_grant_ = std::move(fn);
      return;
    }
    if (state_ == state::released) return;
  } else if (state_ == state::released) {
    return;
  }
  fn();
}

void decode_scheduler::ticket::release() {
  if (auto grant_next = owner_.release(*this)) grant_next();
}

bool decode_scheduler::ticket::granted() const {
  if (owner_.slots_ == 0) return state_ == state::granted;
  std::lock_guard lock(owner_.mutex_);
  return state_ == state::granted;
}

std::optional<std::chrono::nanoseconds> decode_scheduler::ticket::queue_wait() const {
  std::unique_lock<std::mutex> lock;
  if (owner_.slots_ != 0) lock = std::unique_lock(owner_.mutex_);
  if (!granted_at_) return std::nullopt;
  return *granted_at_ - admitted_at_;
}

}  // namespace ragbench::server
