// ragserver's HTTP/1.1 request parser (server/http/http1_request_parser) driven as
// http1_connection drives it: the same limits and eager mode, bytes arriving in reads of a size
// the first input byte picks, one parser per request and keep-alive requests back to back, with
// the oversized chunk-element check between reads.
#include "fuzz_check.hpp"

#include "server/http/http1_request_parser.hpp"

#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace {
constexpr std::size_t body_limit_bytes = 64 * 1024;
constexpr std::size_t header_limit_bytes = 16 * 1024;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t read_bytes = 1 + data[0] % 64;  // 1..64 bytes per read
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string buffer;  // what the connection holds: received and not yet consumed
  std::size_t fed = 0;
  for (int requests = 0; requests < 64; ++requests) {
    ragbench::server::request req;
    ragbench::server::http1_request_parser parser(req);
    parser.body_limit(body_limit_bytes);
    parser.header_limit(static_cast<std::uint32_t>(header_limit_bytes));
    parser.eager(true);
    bool done = false;
    bool failed = false;
    while (true) {
      while (!buffer.empty()) {
        boost::beast::error_code ec;
        std::size_t used = parser.put(boost::asio::buffer(buffer.data(), buffer.size()), ec);
        FUZZ_CHECK(used <= buffer.size(), "the parser consumed more than it was given");
        buffer.erase(0, used);
        if (ec == boost::beast::http::error::need_more) break;
        if (ec) {
          failed = true;
          break;
        }
        if (parser.is_done()) {
          done = true;
          break;
        }
        if (used == 0) break;
      }
      if (done || failed) break;
      if (parser.is_header_done() && parser.chunked()) (void)ragbench::server::pending_chunk_element(buffer);
      if (fed == input.size()) return 0;  // the client stopped sending mid-request
      std::size_t n = std::min(read_bytes, input.size() - fed);
      buffer.append(input.substr(fed, n));
      fed += n;
    }
    if (failed) {
      FUZZ_CHECK(!parser.rejection() || (parser.rejection()->status >= 400 && parser.rejection()->status < 600),
                 "a rejection that is not a 4xx/5xx status");
      return 0;  // the connection answers and closes
    }
    FUZZ_CHECK(req.body.size() <= body_limit_bytes, "a body past body_limit was accepted");
    FUZZ_CHECK(req.version == 10 || req.version == 11, "a request version other than 1.0 or 1.1");
    FUZZ_CHECK(!req.method.empty(), "a request without a method");
    FUZZ_CHECK(req.header("host").has_value() || req.version == 10, "an HTTP/1.1 request without Host");
    (void)req.query_param("q");
    if (!parser.keep_alive()) return 0;
  }
  return 0;
}
