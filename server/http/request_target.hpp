#pragma once
// The request target's path and query, as both HTTP/1.1 (the request line) and HTTP/2 (:path)
// deliver it.
#include "server/http/message.hpp"
#include "server/http/request_rejection.hpp"

#include <optional>

namespace ragbench::server {

// Splits `r.target` into `r.path` (percent-decoded; absolute-form targets keep what follows the
// authority) and `r.query`, and checks the query's escapes (each %XX well-formed, none %00, so a
// parameter is never silently dropped as undecodable). The rejection on failure: 400
// `bad_request` for the path, 400 `invalid_encoding` for the query.
std::optional<request_rejection> split_target(request& r);

}  // namespace ragbench::server
