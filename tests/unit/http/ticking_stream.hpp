#pragma once
// Test body streams and the SSE route built on them, shared by the HTTP/1.1 and HTTP/2 tests.
#include "server/http/message.hpp"

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>

namespace ragbench::test {

using namespace std::chrono_literals;

// Emits "data: <i>\n\n" every `period` on the connection's executor, `count` pieces (0 = no
// end), with an empty piece after the first one (which must not end the stream).
class ticking_stream final : public server::body_stream {
 public:
  ticking_stream(int count, std::chrono::milliseconds period, std::shared_ptr<std::promise<void>> cancelled)
      : count_(count), period_(period), cancelled_(std::move(cancelled)) {}

  void next(boost::asio::any_io_executor executor,
            std::function<void(std::optional<std::string>)> deliver) override {
    if (!timer_) timer_ = std::make_unique<boost::asio::steady_timer>(executor);
    if (count_ != 0 && sent_ == count_) {
      deliver(std::nullopt);  // inline delivery is allowed too
      return;
    }
    timer_->expires_after(period_);
    timer_->async_wait([this, deliver = std::move(deliver)](boost::system::error_code ec) {
      if (ec) return;  // cancelled
      if (sent_ == 1 && !sent_empty_) {
        sent_empty_ = true;
        deliver(std::string());
        return;
      }
      deliver("data: " + std::to_string(sent_++) + "\n\n");
    });
  }

  void cancel() override {
    if (timer_) timer_->cancel();
    if (cancelled_ && !cancel_seen_.exchange(true)) cancelled_->set_value();
  }

 private:
  int count_;
  std::chrono::milliseconds period_;
  std::shared_ptr<std::promise<void>> cancelled_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  int sent_ = 0;
  bool sent_empty_ = false;
  std::atomic<bool> cancel_seen_{false};
};

inline server::handler_fn sse_route(int count, std::shared_ptr<std::promise<void>> cancelled = nullptr) {
  return [count, cancelled](server::request, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.headers.emplace_back("content-type", "text/event-stream");
    r.headers.emplace_back("cache-control", "no-cache");
    r.stream = std::make_shared<ticking_stream>(count, 5ms, cancelled);
    respond(std::move(r));
  };
}

}  // namespace ragbench::test
