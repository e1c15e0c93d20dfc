// Per-key de-duplication of concurrent computations, asynchronous (join/complete) and blocking (run).
#include "server/cache/single_flight.hpp"

#include <condition_variable>
#include <stdexcept>

namespace ragbench::server {

std::pair<bool, std::shared_ptr<single_flight::flight>> single_flight::enlist(const std::string& key,
                                                                               waiter on_done) {
  std::lock_guard lock(mutex_);
  auto [it, leader] = flights_.try_emplace(key);
  if (leader) it->second = std::make_shared<flight>();
  it->second->waiters.push_back(std::move(on_done));
  return {leader, it->second};
}

bool single_flight::join(const std::string& key, waiter on_done) {
  return enlist(key, std::move(on_done)).first;
}

void single_flight::complete(const std::string& key, const std::string& value, bool ok) {
  finish(key, value, ok, nullptr);
}

void single_flight::finish(const std::string& key, const std::string& value, bool ok,
                           std::exception_ptr error) {
  std::shared_ptr<flight> done;
  {
    std::lock_guard lock(mutex_);
    auto it = flights_.find(key);
    if (it == flights_.end()) return;
    done = std::move(it->second);
    flights_.erase(it);
    done->error = std::move(error);
  }
  std::exception_ptr first_failure;
  for (auto& w : done->waiters) {
    try {
      if (w) w(value, ok);
    } catch (...) {
      if (!first_failure) first_failure = std::current_exception();
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

std::string single_flight::run(const std::string& key, const std::function<std::string()>& compute) {
  struct outcome {
    std::mutex mutex;
    std::condition_variable ready;
    bool done = false;
    bool ok = false;
    std::string value;
  };
  auto result = std::make_shared<outcome>();
  auto [leader, fl] = enlist(key, [result](const std::string& value, bool ok) {
    std::lock_guard lock(result->mutex);
    result->value = value;
    result->ok = ok;
    result->done = true;
    result->ready.notify_all();
  });
  if (leader) {
    std::string value;
    try {
      value = compute();
    } catch (...) {
      finish(key, {}, false, std::current_exception());
      throw;
    }
    finish(key, value, true, nullptr);
    return value;
  }
  std::unique_lock lock(result->mutex);
  result->ready.wait(lock, [&] { return result->done; });
  if (result->ok) return std::move(result->value);
  // The flight's error was written under mutex_ before the waiters ran, so it is visible here.
  if (fl->error) std::rethrow_exception(fl->error);
  throw std::runtime_error("single_flight: the computation of key '" + key + "' failed");
}

std::size_t single_flight::in_flight() const {
  std::lock_guard lock(mutex_);
  return flights_.size();
}

std::size_t single_flight::waiting(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = flights_.find(key);
  return it == flights_.end() ? 0 : it->second->waiters.size();
}

}  // namespace ragbench::server
