#pragma once
// Who a request counts against: the API token when it carries one (Authorization: Bearer ...), else
// the client's address — the TCP peer, or behind trusted proxies the right-most X-Forwarded-For hop
// that is not a trusted proxy (the address the outermost trusted proxy saw). The bucket key is a
// 64-bit prefix of SHA-256 of that identity, so tokens are never stored (in memory or in Redis)
// and a client cannot craft a token whose key collides with another client's.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/http/message.hpp"
#include "server/ratelimit/trusted_proxies.hpp"

namespace ragbench::server {

struct identity_options {
  bool use_token = true;    // false: always the address (e.g. with auth off, where tokens are unchecked)
  trusted_proxies proxies;  // whose X-Forwarded-For to believe; empty = none
};

// "token:<token>" or "address:<ip>" ("address:unknown" when there is no peer address). Reads the
// headers and req.remote; cost O(header bytes of Authorization and X-Forwarded-For).
std::string client_identity(const request& req, const identity_options& options);

// The address part of client_identity: the peer, or the right-most untrusted X-Forwarded-For hop
// when the peer is a trusted proxy (all hops trusted: the left-most). Every X-Forwarded-For field
// line counts, in order. An entry that is not an address is taken as it is (at most 64 bytes).
std::string client_address(const request& req, const trusted_proxies& proxies);

// The first 8 bytes of SHA-256(identity) as an integer (big-endian). Thread-safe, ~0.2 us.
std::uint64_t identity_hash(std::string_view identity);

}  // namespace ragbench::server
