#pragma once
// A body_sink for steps whose body nobody reads: it keeps the first bytes of an *error* response's body
// (status >= 400) as the sample of the failure's reason (loadgen/stats/failure_reasons.hpp), and
// nothing of any other response. One per virtual user, reused; its buffer is reserved once, so it never
// allocates after construction. Cost per response: one status compare, plus a bounded copy on errors.
#include <string>
#include <string_view>

#include "loadgen/engine/body_sink.hpp"
#include "loadgen/engine/response_parser.hpp"
#include "loadgen/stats/failure_reasons.hpp"

namespace ragbench::loadgen {

class error_body_sink final : public body_sink {
 public:
  error_body_sink() { body_.reserve(failure_reasons::max_sample_bytes); }

  // The kept start of the last error response's body ("" after a success).
  std::string_view body() const { return body_; }

  void on_head(const http_response& head) override {
    body_.clear();
    keep_ = head.status >= 400;
  }
  failure_kind on_body(std::string_view bytes) override {
    if (keep_ && body_.size() < failure_reasons::max_sample_bytes) {
      body_.append(bytes.substr(0, failure_reasons::max_sample_bytes - body_.size()));
    }
    return failure_kind::none;
  }
  void on_end() override {}

 private:
  std::string body_;
  bool keep_ = false;
};

}  // namespace ragbench::loadgen
