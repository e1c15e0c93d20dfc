// Status line and header block of an HTTP/1.1 response.
#include "server/http/response_head.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>

namespace ragbench::server {
namespace {

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

bool transport_owned(std::string_view name) {
  return name == "content-length" || name == "transfer-encoding" || name == "connection";
}

}  // namespace

bool headers_are_safe(const header_list& headers) {
  for (const auto& [name, value] : headers) {
    if (name.empty() || name.find_first_of(std::string_view("\r\n\0: ", 5)) != std::string::npos) return false;
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return false;
  }
  return true;
}

void write_response_head(std::string& out, const response& r, const response_head_options& o) {
  out.append("HTTP/1.1 ");
  append_number(out, r.status);
  out.push_back(' ');
  auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
  out.append(reason.empty() || reason == "<unknown-status>" ? std::string_view("Unknown") : reason);
  out.append("\r\n");
  for (const auto& [name, value] : r.headers) {
    if (transport_owned(name)) continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!o.date.empty()) out.append("date: ").append(o.date).append("\r\n");
  out.append(
      "server: ragserver\r\n"
      "x-content-type-options: nosniff\r\n"
      "x-frame-options: DENY\r\n"
      "referrer-policy: no-referrer\r\n");
  if (o.vary_accept_encoding) out.append("vary: Accept-Encoding\r\n");
  if (o.gzip) out.append("content-encoding: gzip\r\n");
  if (o.chunked) {
    out.append("transfer-encoding: chunked\r\n");
  } else if (o.length_known) {
    out.append("content-length: ");
    append_number(out, o.content_length);
    out.append("\r\n");
  }
  if (!o.keep_alive) {
    out.append("connection: close\r\n");
  } else if (o.http10) {
    out.append("connection: keep-alive\r\n");
  }
  out.append("\r\n");
}

}  // namespace ragbench::server
