// generation_stream: slot -> per-event timers -> events handed over with their timings recorded.
// Every callback holds a weak_ptr, so a stream dropped by its transport is never touched again.
#include "server/pipeline/generation_stream.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace ragbench::server {
namespace asio = boost::asio;

std::shared_ptr<generation_stream> generation_stream::create(llm_plan plan, std::size_t max_tokens, slot_ticket slot,
                                                             const clock_source& clock, generation_metrics metrics) {
  return std::shared_ptr<generation_stream>(
      new generation_stream(std::move(plan), max_tokens, std::move(slot), clock, metrics));
}

generation_stream::generation_stream(llm_plan plan, std::size_t max_tokens, slot_ticket slot, const clock_source& clock,
                                     generation_metrics metrics)
    : plan_(std::move(plan)),
      token_count_(std::min(max_tokens, plan_.tokens.size())),
      slot_(std::move(slot)),
      clock_(clock),
      metrics_(metrics) {
  // Cut the event list at token_count_ (the plan's tokens stay whole: cut_by_max_tokens() and
  // the usage need both counts).
  std::vector<std::size_t> events;
  std::size_t left = token_count_;
  for (std::size_t size : plan_.event_sizes) {
    if (left == 0) break;
    events.push_back(std::min(size, left));
    left -= events.back();
  }
  if (left > 0) events.push_back(left);  // a plan without event sizes: one event per remainder
  plan_.event_sizes = std::move(events);
}

std::string generation_stream::text() const {
  std::string out;
  for (std::size_t i = 0; i < token_count_; ++i) out += plan_.tokens[i];
  return out;
}

void generation_stream::after_slot(asio::any_io_executor executor, std::function<void()> then) {
  auto ready = [this] {
    slot_ready_ = true;
    if (metrics_.queue_wait) {
      if (auto wait = slot_->queue_wait()) metrics_.queue_wait->observe(*wait);
    }
  };
  if (slot_ready_ || slot_->granted()) {
    if (!slot_ready_) ready();
    then();
    return;
  }
  slot_->on_grant([weak = weak_from_this(), executor, ready, then = std::move(then)]() mutable {
    asio::post(executor, [weak, ready = std::move(ready), then = std::move(then)]() mutable {
      auto self = weak.lock();
      if (!self || self->cancelled_) return;
      ready();
      then();
    });
  });
}

void generation_stream::arm_timer(std::chrono::microseconds delay, std::function<void()> on_expiry) {
  if (!timer_) timer_ = std::make_unique<asio::steady_timer>(executor_);
  timer_->expires_after(delay);
  timer_->async_wait([weak = weak_from_this(), on_expiry = std::move(on_expiry)](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: cancel() already completed the caller, or the stream is gone
    auto self = weak.lock();
    if (!self || self->cancelled_) return;
    on_expiry();
  });
}

void generation_stream::next(asio::any_io_executor executor,
                             std::function<void(std::optional<generation_event>)> deliver) {
  executor_ = executor;
  deliver_ = std::move(deliver);
  if (cancelled_ || next_event_ >= plan_.event_sizes.size()) {
    complete_cancelled();
    return;
  }
  after_slot(executor, [this] {
    const std::size_t first = next_token_, size = plan_.event_sizes[next_event_];
    std::chrono::microseconds delay{0};
    for (std::size_t i = first; i < first + size; ++i) delay += plan_.delays[i];
    arm_timer(delay, [this] { release_event(); });
  });
}

void generation_stream::release_event() {
  generation_event event;
  event.tokens = plan_.event_sizes[next_event_];
  for (std::size_t i = next_token_; i < next_token_ + event.tokens; ++i) event.text += plan_.tokens[i];
  next_token_ += event.tokens;
  ++next_event_;
  event.last = next_event_ == plan_.event_sizes.size();

  const auto now = clock_.now();
  if (!first_sent_) {
    first_sent_ = now;
    if (metrics_.time_to_first_token) metrics_.time_to_first_token->observe(now - slot_->admitted_at());
  } else if (metrics_.inter_event) {
    metrics_.inter_event->observe(now - *last_sent_);
  }
  last_sent_ = now;
  if (event.last) {
    if (metrics_.time_per_output_token && token_count_ > 1) {
      metrics_.time_per_output_token->observe((now - *first_sent_) / static_cast<long>(token_count_ - 1));
    }
    finish_slot();
  }
  auto deliver = std::move(deliver_);
  deliver(std::move(event));
}

void generation_stream::wait_all(asio::any_io_executor executor, std::function<void(bool)> done) {
  executor_ = executor;
  done_ = std::move(done);
  if (cancelled_) {
    complete_cancelled();
    return;
  }
  after_slot(executor, [this] {
    std::chrono::microseconds total{0};
    for (std::size_t i = 0; i < token_count_; ++i) total += plan_.delays[i];
    arm_timer(total, [this] {
      finish_slot();
      auto done = std::move(done_);
      done(true);
    });
  });
}

void generation_stream::cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  finish_slot();
  if (timer_) timer_->cancel();
  complete_cancelled();
}

void generation_stream::complete_cancelled() {
  // Completions always run from the executor, never inside the caller's frame.
  if (deliver_) {
    asio::post(executor_, [deliver = std::move(deliver_)] { deliver(std::nullopt); });
    deliver_ = nullptr;
  }
  if (done_) {
    asio::post(executor_, [done = std::move(done_)] { done(false); });
    done_ = nullptr;
  }
}

void generation_stream::finish_slot() {
  if (slot_) slot_->release();
}

}  // namespace ragbench::server
