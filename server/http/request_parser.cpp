// Beast basic_parser callbacks that fill a protocol-independent `request`.
#include "server/http/request_parser.hpp"

#include "server/http/gzip_encoder.hpp"
#include "server/http/percent_decode.hpp"

#include <boost/beast/http/error.hpp>

namespace ragbench::server {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Every '%' starts a well-formed escape, and none encodes NUL.
bool query_escapes_ok(std::string_view query) {
  for (std::size_t i = query.find('%'); i != std::string_view::npos; i = query.find('%', i + 1)) {
    if (i + 2 >= query.size() || !is_hex(query[i + 1]) || !is_hex(query[i + 2])) return false;
    if (query[i + 1] == '0' && query[i + 2] == '0') return false;
  }
  return true;
}

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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

void request_parser::on_request_impl(verb, std::string_view method_str, std::string_view target, int version,
                                     error_code&) {
  out_.method.assign(method_str);
  out_.target.assign(target);
  out_.version = version;
  request_line_done_ = true;
}

void request_parser::on_field_impl(field name, std::string_view name_string, std::string_view value,
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


std::optional<request_rejection> split_target(request& r) {
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  r.query.assign(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  if (!query_escapes_ok(r.query)) {
    return request_rejection{400, "invalid_encoding",
                             "the query string has a malformed %-escape or an encoded NUL (%00)"};
  }
  if (raw_path.empty() || raw_path.front() != '/') {
    // absolute-form ("http://host/path") or "*": keep what follows the authority
    std::size_t scheme = raw_path.find("://");
    std::size_t slash = scheme == std::string_view::npos ? std::string_view::npos : raw_path.find('/', scheme + 3);
    raw_path = slash == std::string_view::npos ? std::string_view("/") : raw_path.substr(slash);
  }
  if (raw_path.find('%') == std::string_view::npos) {
    r.path.assign(raw_path);
    return std::nullopt;
  }
  auto decoded = percent_decode(raw_path);
  if (!decoded) {
    return request_rejection{400, "bad_request", "malformed HTTP request: the path has a malformed %-escape"};
  }
  r.path = std::move(*decoded);
  return std::nullopt;
}

chunk_element pending_chunk_element(std::string_view pending) {
  if (pending.substr(0, 2) == "\r\n") pending.remove_prefix(2);  // the previous chunk's data CRLF
  // A complete chunk-size line of a non-last chunk is always consumed, so a complete line left
  // over is the last chunk's, waiting for the end of the trailer section.
  return pending.find('\n') == std::string_view::npos ? chunk_element::line : chunk_element::trailers;
}

void request_parser::reject(unsigned status, std::string_view code, std::string message, error_code& ec) {
  rejection_ = request_rejection{status, code, std::move(message)};
  ec = boost::beast::http::error::bad_value;
}

// RFC 9112 §3.2 (Host) and §6.1 (Transfer-Encoding): framing a front end and this server could
// read differently is refused, and the connection is closed by the caller.
void request_parser::check_framing(error_code& ec) {
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

void request_parser::on_header_impl(error_code& ec) {
  check_framing(ec);
  if (ec) return;
  if (auto bad = split_target(out_)) {
    rejection_ = std::move(bad);
    ec = boost::beast::http::error::bad_target;
  }
}

void request_parser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) {
  if (content_length) out_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t request_parser::on_body_impl(std::string_view body, error_code&) {
  out_.body.append(body);
  return body.size();
}

void request_parser::on_chunk_header_impl(std::uint64_t, std::string_view, error_code&) {}

std::size_t request_parser::on_chunk_body_impl(std::uint64_t, std::string_view body, error_code&) {
  out_.body.append(body);
  return body.size();
}

}  // namespace ragbench::server
