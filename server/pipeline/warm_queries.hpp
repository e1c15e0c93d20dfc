#pragma once
// The --warm-queries file: the queries ragserver answers at start to fill its caches (seed 003's
// cache warming). Format: UTF-8 text, one query per line (LF or CRLF); leading and trailing spaces
// and tabs are trimmed; empty lines and lines whose first non-blank character is '#' are skipped;
// each query is 3 to 1000 bytes (the /v1/query rule) and is answered like POST /v1/query
// {"query": LINE} (k = 5, no filter), so it warms exactly the entries such requests hit. At most
// 100 000 queries and 64 MiB.
#include <string>
#include <vector>

namespace ragbench::server {

struct warm_query {
  std::string text;
  std::size_t line = 0;  // 1-based line in the file
};

// Throws std::invalid_argument "FILE:LINE: reason" (or "FILE: reason" for an unreadable or too
// large file, or one without any query).
std::vector<warm_query> read_warm_queries(const std::string& path);

}  // namespace ragbench::server
