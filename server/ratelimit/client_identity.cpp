// client_identity: bearer token or address (with X-Forwarded-For behind trusted proxies), hashed.
#include "server/ratelimit/client_identity.hpp"

#include <openssl/sha.h>

#include <vector>

#include "common/ascii.hpp"

namespace ragbench::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "127.0.0.1:50312" / "::1:50312" -> the address without the port.
std::string_view peer_host(std::string_view remote) {
  const auto colon = remote.rfind(':');
  return colon == std::string_view::npos ? remote : remote.substr(0, colon);
}

}  // namespace

std::string client_address(const request& req, const trusted_proxies& proxies) {
  const std::string_view peer = peer_host(req.remote);
  if (peer.empty()) return "unknown";
  if (proxies.empty()) return std::string(peer);
  const auto peer_ip = parse_ip_address(peer);
  if (!peer_ip || !proxies.contains(*peer_ip)) return std::string(peer);

  std::vector<std::string_view> hops;
  for (const auto& [name, value] : req.headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      if (auto hop = trim(rest.substr(0, comma)); !hop.empty()) hops.push_back(hop);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (hops.empty()) return std::string(peer);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto ip = parse_ip_address(*it);
    if (!ip) return std::string(it->substr(0, 64));
    if (!proxies.contains(*ip)) return ip->to_string();
  }
  const auto first = parse_ip_address(hops.front());
  return first ? first->to_string() : std::string(hops.front().substr(0, 64));
}

std::string client_identity(const request& req, const identity_options& options) {
  if (options.use_token) {
    if (auto auth = req.header("authorization")) {
      const auto v = trim(*auth);
      if (v.size() > 7 && iequals(v.substr(0, 7), "bearer ")) {
        if (const auto token = trim(v.substr(7)); !token.empty()) return "token:" + std::string(token);
      }
    }
  }
  return "address:" + client_address(req, options.proxies);
}

std::uint64_t identity_hash(std::string_view identity) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(identity.data()), identity.size(), digest);
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | digest[i];
  return h;
}

}  // namespace ragbench::server
