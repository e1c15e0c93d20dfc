#pragma once
// Percent-decoding of URL paths and query strings (RFC 3986), and query-string lookup.
#include <optional>
#include <string>
#include <string_view>

namespace ragbench::server {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, for query strings). Returns
// nullopt on a malformed escape ("%4", "%zz") or a decoded NUL byte. Cost: O(n), one allocation.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// The decoded value of the first `name=value` pair in a raw query string ("a=1&b=x%20y"), or
// nullopt when absent or malformed. A bare "flag" yields "". Cost: O(n).
std::optional<std::string> find_query_param(std::string_view query, std::string_view name);

}  // namespace ragbench::server
