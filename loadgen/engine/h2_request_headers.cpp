// HTTP/1.1 request bytes -> HTTP/2 header fields.
#include "loadgen/engine/h2_request_headers.hpp"

#include "common/ascii.hpp"

namespace ragbench::loadgen {
namespace {

bool connection_specific(std::string_view name) {
  return iequals(name, "connection") || iequals(name, "keep-alive") || iequals(name, "transfer-encoding") ||
         iequals(name, "upgrade") || iequals(name, "proxy-connection") || iequals(name, "te");
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace

void h2_request_headers::add(std::string_view name, std::string_view value) {
  nghttp2_nv nv;
  nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;  // nghttp2 copies both on submit
  nv_.push_back(nv);
  header_bytes_ += name.size() + value.size();
}

bool h2_request_headers::build(std::string_view request, std::string_view scheme) {
  nv_.clear();
  names_.clear();
  header_bytes_ = 0;
  body_ = {};
  auto head_end = request.find("\r\n\r\n");
  auto line_end = request.find("\r\n");
  if (head_end == std::string_view::npos || line_end == std::string_view::npos) {
    error_ = "request has no end of headers";
    return false;
  }
  std::string_view line = request.substr(0, line_end);
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1 + 1) {
    error_ = "bad request line";
    return false;
  }
  body_ = request.substr(head_end + 4);
  names_.reserve(head_end);  // every name fits: views into names_ stay valid
  add(":method", line.substr(0, sp1));
  add(":scheme", scheme);
  const std::size_t authority_at = nv_.size();
  add(":authority", "");
  add(":path", line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::string_view rest = request.substr(line_end + 2, head_end - line_end);
  while (!rest.empty()) {
    auto eol = rest.find("\r\n");
    std::string_view h = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 2);
    auto colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view name = h.substr(0, colon), value = trim(h.substr(colon + 1));
    if (iequals(name, "host")) {
      nv_[authority_at].value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
      nv_[authority_at].valuelen = value.size();
      header_bytes_ += value.size();
      continue;
    }
    if (connection_specific(name)) continue;
    const std::size_t at = names_.size();
    for (char c : name) names_ += static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    add(std::string_view(names_).substr(at, name.size()), value);
  }
  return true;
}

}  // namespace ragbench::loadgen
