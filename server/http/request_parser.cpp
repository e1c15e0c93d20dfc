// Beast basic_parser callbacks that fill a protocol-independent `request`.
#include "server/http/request_parser.hpp"

#include "server/http/gzip_encoder.hpp"
#include "server/http/percent_decode.hpp"

#include <boost/beast/http/error.hpp>

namespace ragbench::server {

void request_parser::on_request_impl(verb, std::string_view method_str, std::string_view target, int version,
                                     error_code&) {
  out_.method.assign(method_str);
  out_.target.assign(target);
  out_.version = version;
}

void request_parser::on_field_impl(field name, std::string_view name_string, std::string_view value,
                                   error_code&) {
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

bool split_target(request& r) {
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  r.query.assign(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  if (raw_path.empty() || raw_path.front() != '/') {
    // absolute-form ("http://host/path") or "*": keep what follows the authority
    std::size_t scheme = raw_path.find("://");
    std::size_t slash = scheme == std::string_view::npos ? std::string_view::npos : raw_path.find('/', scheme + 3);
    raw_path = slash == std::string_view::npos ? std::string_view("/") : raw_path.substr(slash);
  }
  if (raw_path.find('%') == std::string_view::npos) {
    r.path.assign(raw_path);
    return true;
  }
  auto decoded = percent_decode(raw_path);
  if (!decoded) return false;
  r.path = std::move(*decoded);
  return true;
}

void request_parser::on_header_impl(error_code& ec) {
  if (!split_target(out_)) ec = boost::beast::http::error::bad_target;
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
