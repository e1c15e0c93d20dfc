#pragma once
// An HTTP/1.x request parser (Beast's basic_parser) that writes straight into a `request`,
// skipping Beast's header container: no per-field allocation beyond the request's own strings.
#include "server/http/message.hpp"

#include <boost/beast/http/basic_parser.hpp>

namespace ragbench::server {

// Splits `r.target` into `r.path` (percent-decoded; absolute-form targets keep what follows the
// authority) and `r.query`. False on a malformed escape. Shared by HTTP/1.1 and HTTP/2.
bool split_target(request& r);

// One parser per request (Beast parsers are not reusable; construction is cheap). Fills
// method, target, version, lower-cased headers and body of `out`; path and query are split
// (and the path percent-decoded) once the header is complete — a bad escape fails the parse
// with `bad_target`. Not thread-safe; `out` must outlive the parser.
class request_parser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit request_parser(request& out) : out_(out) {}

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

  request& out_;
  bool expect_continue_ = false;
  bool accepts_gzip_ = false;
  bool has_upgrade_ = false;
};

}  // namespace ragbench::server
