// loadgen's HTTP/1.1 response parser (loadgen/engine/response_parser) driven as http1_session
// drives it: a buffer that starts small and doubles only when reclaim() cannot free space, reads
// of a size the first input byte picks, on_eof() when the bytes run out, and responses read back
// to back on one connection while the server keeps it alive. The first byte also picks a HEAD
// request and a body sink that refuses bodies past 1 KiB. The sink checks the call order the
// parser promises: one head, then body pieces, then one end — and never a piece after the end.
#include "fuzz_check.hpp"

#include "loadgen/engine/body_sink.hpp"
#include "loadgen/engine/response_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

using ragbench::loadgen::failure_kind;
using ragbench::loadgen::http_response;
using ragbench::loadgen::response_parser;

class order_checking_sink final : public ragbench::loadgen::body_sink {
 public:
  explicit order_checking_sink(std::size_t max_body) : max_body_(max_body) {}
  void on_head(const http_response& head) override {
    FUZZ_CHECK(!ended_, "on_head after on_end");
    FUZZ_CHECK(head.status >= 100 && head.status <= 999, "a head with a status outside 100..999");
    heads_++;
  }
  failure_kind on_body(std::string_view bytes) override {
    FUZZ_CHECK(heads_ > 0 && !ended_, "a body piece before the head or after the end");
    body_bytes_ += bytes.size();
    return body_bytes_ > max_body_ ? failure_kind::body_too_large : failure_kind::none;
  }
  void on_end() override {
    FUZZ_CHECK(heads_ > 0 && !ended_, "on_end before the head, or twice");
    ended_ = true;
  }
  bool ended() const { return ended_; }

 private:
  std::size_t max_body_;
  int heads_ = 0;
  std::size_t body_bytes_ = 0;
  bool ended_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t read_bytes = 1 + (data[0] & 0x1f) * 16;  // 1..497 bytes per read
  const bool head_request = (data[0] & 0x20) != 0;
  const std::size_t max_body = (data[0] & 0x40) ? 1024 : SIZE_MAX;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t fed = 0;
  std::vector<char> buffer(256);
  std::size_t filled = 0;
  response_parser parser;
  for (int responses = 0; responses < 32; ++responses) {
    order_checking_sink sink(max_body);
    parser.reset(head_request, &sink);
    response_parser::result r = response_parser::result::need_more;
    while (r == response_parser::result::need_more) {
      if (fed == input.size()) {
        r = parser.on_eof(buffer.data(), filled);
        FUZZ_CHECK(r != response_parser::result::need_more, "on_eof asked for more");
        break;
      }
      if (filled == buffer.size()) filled = parser.reclaim(buffer.data(), filled);
      FUZZ_CHECK(filled <= buffer.size(), "reclaim grew the data");
      if (filled == buffer.size()) buffer.resize(buffer.size() * 2);
      FUZZ_CHECK(buffer.size() <= (1u << 20), "the buffer grew past 1 MiB for a bounded head");
      std::size_t n = std::min({read_bytes, input.size() - fed, buffer.size() - filled});
      std::memcpy(buffer.data() + filled, input.data() + fed, n);
      fed += n;
      filled += n;
      r = parser.parse(buffer.data(), filled);
    }
    if (r != response_parser::result::done) {
      FUZZ_CHECK(r == response_parser::result::sink_failed || !parser.error_message().empty(),
                 "an error without a message");
      return 0;
    }
    FUZZ_CHECK(sink.ended(), "done without on_end");
    FUZZ_CHECK(parser.consumed() <= filled, "consumed past the data");
    const http_response& res = parser.response();
    (void)res.header("content-type");
    if (!res.keep_alive || parser.consumed() != filled) return 0;  // the session drops the connection
    filled = 0;
  }
  return 0;
}
