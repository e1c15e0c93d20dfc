#pragma once
// A body_sink that keeps the body, up to a bound, for the checks and captures of one request step.
// One per virtual user (a user has one request in flight), reused: its capacity grows to the largest
// body kept and then stays, so steady state does not allocate. A body above the bound fails the
// request as failure_kind::body_too_large as soon as the bound is passed (nothing more is kept).
// Not thread-safe: the user's io_context thread.
#include <cstddef>
#include <string>
#include <string_view>

#include "loadgen/engine/body_sink.hpp"

namespace ragbench::loadgen {

class body_buffer final : public body_sink {
 public:
  explicit body_buffer(std::size_t max_bytes = 10u << 20) : max_bytes_(max_bytes) {}

  // The bound for the next responses (bytes).
  void set_limit(std::size_t max_bytes) { max_bytes_ = max_bytes; }
  std::size_t limit() const { return max_bytes_; }
  // The body kept so far (the whole body after on_end). Valid until the next on_head.
  std::string_view body() const { return body_; }

  void on_head(const http_response&) override { body_.clear(); }
  failure_kind on_body(std::string_view bytes) override;
  void on_end() override {}

 private:
  std::size_t max_bytes_;
  std::string body_;
};

}  // namespace ragbench::loadgen
