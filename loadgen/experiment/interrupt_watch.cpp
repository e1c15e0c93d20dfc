// Watching SIGINT/SIGTERM on a helper thread and stopping the running engine.
#include "loadgen/experiment/interrupt_watch.hpp"

#include <csignal>

#include "loadgen/engine/engine.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

interrupt_watch::interrupt_watch() : signals_(io_, SIGINT, SIGTERM) {
  signals_.async_wait([this](const boost::system::error_code& ec, int number) {
    if (ec) return;
    boost::system::error_code ignored;
    signals_.clear(ignored);  // default action again: a second signal ends the process
    std::lock_guard lock(mutex_);
    if (signal_.load() != 0) return;  // already stopped from the web view
    at_ = iso8601_now();
    signal_.store(number);
    if (engine_) engine_->request_stop();
  });
  thread_ = std::thread([this] { io_.run(); });
}

interrupt_watch::~interrupt_watch() {
  boost::system::error_code ec;
  signals_.cancel(ec);
  signals_.clear(ec);
  thread_.join();
}

void interrupt_watch::attach(engine* e) {
  std::lock_guard lock(mutex_);
  engine_ = e;
  if (e && interrupted()) e->request_stop();
}

void interrupt_watch::stop_from_web() {
  std::lock_guard lock(mutex_);
  if (signal_.load() != 0) return;
  at_ = iso8601_now();
  from_web_.store(true);
  signal_.store(SIGINT);
  if (engine_) engine_->request_stop();
}

std::string interrupt_watch::signal_name() const {
  if (from_web_.load()) return "web";
  switch (signal_number()) {
    case 0: return "";
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal_number());
  }
}

std::string interrupt_watch::at() const {
  std::lock_guard lock(mutex_);
  return at_;
}

}  // namespace ragbench::loadgen
