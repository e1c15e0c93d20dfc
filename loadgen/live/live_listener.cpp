// The live listener: acceptors and connections on one io_context and one thread.
#include "loadgen/live/live_listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "loadgen/live/live_event.hpp"

namespace ragbench::loadgen {

using boost::asio::ip::tcp;

live_listener::live_listener(const std::vector<binding>& bindings, std::string page, std::function<void()> on_stop,
                             live_limits limits, std::chrono::milliseconds close_grace)
    : close_grace_(close_grace) {
  hub_.limits = limits;
  hub_.state.page = std::move(page);
  hub_.state.on_stop = std::move(on_stop);
  for (const auto& b : bindings) {
    auto acceptor = std::make_unique<tcp::acceptor>(io_);
    try {
      acceptor->open(b.address.endpoint.protocol());
      acceptor->set_option(tcp::acceptor::reuse_address(true));
      acceptor->bind(b.address.endpoint);
      acceptor->listen(16);
    } catch (const boost::system::system_error& e) {
      throw std::runtime_error(b.what + ": cannot listen: " + e.code().message());
    }
    endpoints_.push_back(acceptor->local_endpoint());
    acceptors_.push_back(std::move(acceptor));
    routes_.push_back(b.routes);
  }
  for (std::size_t i = 0; i < acceptors_.size(); ++i) do_accept(i);
  thread_ = std::thread([this] { io_.run(); });
}

void live_listener::do_accept(std::size_t i) {
  acceptors_[i]->async_accept([this, i](boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || hub_.closing) return;
    if (ec) {  // e.g. out of descriptors: try again a little later rather than spin
      auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
      timer->async_wait([this, i, timer](boost::system::error_code) {
        if (!hub_.closing) do_accept(i);
      });
      return;
    }
    if (hub_.open.load() >= hub_.limits.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      auto c = std::make_shared<live_connection>(std::move(socket), hub_, routes_[i]);
      std::erase_if(hub_.connections, [](const auto& w) { return w.expired(); });
      hub_.connections.push_back(c);
      c->start();
    }
    do_accept(i);
  });
}

void live_listener::publish(std::string event_json, bool done) {
  boost::asio::post(io_, [this, frame = sse_frame(event_json), done]() mutable {
    hub_.publish(std::move(frame));
    if (done) hub_.state.done = true;
  });
}

void live_listener::set_metrics(std::string text) {
  boost::asio::post(io_, [this, text = std::move(text)]() mutable { hub_.state.metrics_text = std::move(text); });
}

void live_listener::set_summary(std::string summary_json) {
  boost::asio::post(io_, [this, s = std::move(summary_json)]() mutable { hub_.state.summary_json = std::move(s); });
}

live_listener::~live_listener() {
  boost::asio::post(io_, [this] {
    hub_.closing = true;
    boost::system::error_code ignored;
    for (auto& a : acceptors_) a->close(ignored);
    for (auto& weak : hub_.connections)
      if (auto c = weak.lock()) c->close_when_flushed();
  });
  // Bounded: event streams get close_grace to take what is queued; then everything is dropped.
  const auto deadline = std::chrono::steady_clock::now() + close_grace_;
  // io_.run() returns by itself once the acceptors and every connection are closed.
  while (std::chrono::steady_clock::now() < deadline && !io_.stopped())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  io_.stop();
  thread_.join();
}

}  // namespace ragbench::loadgen
