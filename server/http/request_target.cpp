// Splitting a request target into its decoded path and its checked query.
#include "server/http/request_target.hpp"

#include "server/http/percent_decode.hpp"

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

}  // namespace

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

}  // namespace ragbench::server
