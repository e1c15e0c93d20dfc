// Beast basic_parser callbacks that fill a protocol-independent `request`.
#include "server/http/http1_request_parser.hpp"

#include "common/ascii.hpp"
#include "server/http/gzip_encoder.hpp"
#include "server/http/request_target.hpp"

#include <boost/beast/http/error.hpp>

namespace ragbench::server {

namespace {

// RFC 3986 host [":" port]: unreserved, sub-delims, '%', ':', '[' and ']' only.
bool host_chars_ok(std::string_view value) {
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("-._~!$&'()*+,;=%:[]").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

void http1_request_parser::on_request_impl(verb, std::string_view method_str, std::string_view target, int version,
                                     error_code&) {
  out_.method.assign(method_str);
  out_.target.assign(target);
  out_.version = version;
  request_line_done_ = true;
}

void http1_request_parser::on_field_impl(field name, std::string_view name_string, std::string_view value,
                                   error_code&) {
  if (is_header_done()) return;  // a trailer field: read and dropped
  if (name == field::transfer_encoding) {
    if (has_transfer_encoding_) transfer_encoding_.append(", ");
    transfer_encoding_.append(value);
    has_transfer_encoding_ = true;
  } else if (name == field::host) {
    ++host_count_;
    host_valid_ = host_valid_ && host_chars_ok(value);
  }
  auto& h = out_.headers.emplace_back();
  h.first.resize(name_string.size());
  for (std::size_t i = 0; i < name_string.size(); ++i) {
    char c = name_string[i];
    h.first[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  h.second.assign(value);
  if (name == field::expect) {
    expect_continue_ = value.size() == 12 && (value[0] == '1') && value.substr(0, 4) == "100-";
  } else if (name == field::accept_encoding) {
    accepts_gzip_ = accepts_gzip_ || server::accepts_gzip(value);
  } else if (name == field::upgrade) {
    has_upgrade_ = true;
  }
}

chunk_element pending_chunk_element(std::string_view pending) {
  if (pending.substr(0, 2) == "\r\n") pending.remove_prefix(2);  // the previous chunk's data CRLF
  // A complete chunk-size line of a non-last chunk is always consumed, so a complete line left
  // over is the last chunk's, waiting for the end of the trailer section.
  return pending.find('\n') == std::string_view::npos ? chunk_element::line : chunk_element::trailers;
}

void http1_request_parser::reject(unsigned status, std::string_view code, std::string message, error_code& ec) {
  rejection_ = request_rejection{status, code, std::move(message)};
  ec = boost::beast::http::error::bad_value;
}

// RFC 9112 §3.2 (Host) and §6.1 (Transfer-Encoding): framing a front end and this server could
// read differently is refused, and the connection is closed by the caller.
void http1_request_parser::check_framing(error_code& ec) {
  if (host_count_ > 1) return reject(400, "bad_request", "more than one Host header", ec);
  if (host_count_ == 0 && out_.version >= 11) return reject(400, "bad_request", "HTTP/1.1 request without a Host header", ec);
  if (!host_valid_) return reject(400, "bad_request", "invalid Host header", ec);
  if (!has_transfer_encoding_) return;
  if (out_.version < 11) return reject(400, "bad_request", "Transfer-Encoding on an HTTP/1.0 request", ec);
  std::string_view list = transfer_encoding_;
  std::string_view last, unsupported;
  bool repeated_chunked = false;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    item = trim(item.substr(0, item.find(';')));
    if (item.empty()) continue;
    if (iequals(last, "chunked")) repeated_chunked = true;  // something follows a chunked
    if (!iequals(item, "chunked") && unsupported.empty()) unsupported = item;
    last = item;
  }
  if (!iequals(last, "chunked")) {
    return reject(400, "bad_request",
                  "Transfer-Encoding must end with chunked, got \"" + transfer_encoding_ + "\"", ec);
  }
  if (repeated_chunked) return reject(400, "bad_request", "Transfer-Encoding applies chunked more than once", ec);
  if (!unsupported.empty()) {
    return reject(501, "not_implemented", "transfer coding \"" + std::string(unsupported) + "\" is not supported", ec);
  }
}

void http1_request_parser::on_header_impl(error_code& ec) {
  check_framing(ec);
  if (ec) return;
  if (auto bad = split_target(out_)) {
    rejection_ = std::move(bad);
    ec = boost::beast::http::error::bad_target;
  }
}

void http1_request_parser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) {
  if (content_length) out_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t http1_request_parser::on_body_impl(std::string_view body, error_code&) {
  out_.body.append(body);
  return body.size();
}

void http1_request_parser::on_chunk_header_impl(std::uint64_t, std::string_view, error_code&) {}

std::size_t http1_request_parser::on_chunk_body_impl(std::uint64_t, std::string_view body, error_code&) {
  out_.body.append(body);
  return body.size();
}

}  // namespace ragbench::server
