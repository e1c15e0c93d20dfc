#include "server/app/periodic_task.hpp"

namespace ragbench::server {

periodic_task::periodic_task(std::chrono::milliseconds interval, std::function<void()> task)
    : interval_(interval), task_(std::move(task)), thread_([this] { loop(); }) {}

periodic_task::~periodic_task() { stop(); }

void periodic_task::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void periodic_task::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      task_();
    } catch (...) {
      // Upkeep is retried on the next tick; the pools count their own errors.
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace ragbench::server
