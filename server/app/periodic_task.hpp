#pragma once
// A background thread that runs one task every `interval` until stopped (pool upkeep). The task
// runs on that thread only, never concurrently with itself; exceptions it throws are swallowed
// (upkeep failing once must not end upkeep). stop() wakes the thread and joins it; idempotent.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ragbench::server {

class periodic_task {
 public:
  periodic_task(std::chrono::milliseconds interval, std::function<void()> task);
  ~periodic_task();
  periodic_task(const periodic_task&) = delete;
  periodic_task& operator=(const periodic_task&) = delete;
  void stop();

 private:
  void loop();

  std::chrono::milliseconds interval_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ragbench::server
