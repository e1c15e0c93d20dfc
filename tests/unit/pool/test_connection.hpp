#pragma once
// A trivial in-memory pooled_connection for pool tests: counts opens, closes and pings in a shared
// backend, can be told to refuse connections or fail pings, and checks exclusive use.
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "server/pool/connection_pool.hpp"

namespace ragbench::server::testing {

struct test_backend {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
  std::atomic<int> pings{0};
  std::atomic<bool> refuse{false};
  std::atomic<bool> fail_pings{false};
  int live() const { return opened.load() - closed.load(); }
};

class test_connection final : public pooled_connection {
 public:
  explicit test_connection(test_backend& backend) : backend_(backend) { backend_.opened.fetch_add(1); }
  ~test_connection() override { backend_.closed.fetch_add(1); }
  bool ping(std::chrono::milliseconds) override {
    backend_.pings.fetch_add(1);
    return !backend_.fail_pings.load();
  }
  // Marks the connection as used by one holder; false if someone else holds it (a pool bug).
  bool enter() { return !busy_.exchange(true); }
  void leave() { busy_.store(false); }

 private:
  test_backend& backend_;
  std::atomic<bool> busy_{false};
};

inline connection_factory make_test_factory(test_backend& backend) {
  return [&backend](std::chrono::milliseconds) -> std::unique_ptr<pooled_connection> {
    if (backend.refuse.load()) throw std::runtime_error("connection refused (test)");
    return std::make_unique<test_connection>(backend);
  };
}

}  // namespace ragbench::server::testing
