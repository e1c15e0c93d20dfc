#pragma once
// The HTTP/1.x request parser (Beast's basic_parser) that writes straight into a `request`,
// skipping Beast's header container: no per-field allocation beyond the request's own strings.
#include "server/http/message.hpp"
#include "server/http/request_rejection.hpp"

#include <boost/beast/http/basic_parser.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ragbench::server {

// What an unfinished element of a chunked body is, given the bytes the parser left unconsumed
// when it asked for more: a chunk-size line (size and extensions) that has not ended, or — once
// the last chunk's line ended — the trailer section. Beast buffers either whole before parsing
// it, so the caller bounds them by the size of `pending`.
enum class chunk_element { line, trailers };
chunk_element pending_chunk_element(std::string_view pending);

// One parser per request (Beast parsers are not reusable; construction is cheap). Fills
// method, target, version, lower-cased headers and body of `out`; path and query are split
// (and the path percent-decoded) once the header is complete. Beyond Beast's own checks it
// refuses, when the header is complete (RFC 9112): a target with bad escapes (split_target), a
// missing Host on HTTP/1.1, more than one Host or an invalid one, and any Transfer-Encoding other
// than a single final `chunked` on HTTP/1.1 (400; 501 for codings before it; HTTP/1.0 may not use
// it). Those fail the parse with an error code and leave the reason in rejection(). Trailer fields
// are read and dropped (never merged into the header). Not thread-safe; `out` must outlive it.
class http1_request_parser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit http1_request_parser(request& out) : out_(out) {}

  // The request line was read (so a header_limit error is about the header fields, not the target).
  bool request_line_done() const { return request_line_done_; }
  // Set when the parse failed on one of the rules above.
  const std::optional<request_rejection>& rejection() const { return rejection_; }

  // True when the client sent "Expect: 100-continue".
  bool expects_continue() const { return expect_continue_; }
  // The value of Accept-Encoding allows gzip.
  bool accepts_gzip() const { return accepts_gzip_; }
  // An Upgrade header was present (checked once per request, so the common case costs nothing).
  bool has_upgrade() const { return has_upgrade_; }

 private:
  using error_code = boost::beast::error_code;
  using verb = boost::beast::http::verb;
  using field = boost::beast::http::field;

  void on_request_impl(verb method, std::string_view method_str, std::string_view target, int version,
                       error_code& ec) override;
  void on_response_impl(int, std::string_view, int, error_code&) override {}
  void on_field_impl(field name, std::string_view name_string, std::string_view value, error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
  std::size_t on_body_impl(std::string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, std::string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, std::string_view body, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  void reject(unsigned status, std::string_view code, std::string message, error_code& ec);
  void check_framing(error_code& ec);

  request& out_;
  std::optional<request_rejection> rejection_;
  std::string transfer_encoding_;  // every Transfer-Encoding value, comma-joined
  bool has_transfer_encoding_ = false;
  unsigned host_count_ = 0;
  bool host_valid_ = true;
  bool request_line_done_ = false;
  bool expect_continue_ = false;
  bool accepts_gzip_ = false;
  bool has_upgrade_ = false;
};

}  // namespace ragbench::server
