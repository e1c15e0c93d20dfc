// Who a request counts against: bearer token, peer address, X-Forwarded-For behind trusted
// proxies (right-most untrusted hop), and the trusted-proxy list itself.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "server/ratelimit/client_identity.hpp"

using namespace ragbench::server;

namespace {

request from(std::string remote, header_list headers = {}) {
  request r;
  r.method = "POST";
  r.remote = std::move(remote);
  r.headers = std::move(headers);
  return r;
}

identity_options trusting(std::string_view proxies, bool use_token = true) {
  identity_options o;
  o.use_token = use_token;
  o.proxies = trusted_proxies::parse(proxies);
  return o;
}

}  // namespace

TEST_CASE("the bearer token is the identity when there is one, else the peer address", "[ratelimit][identity]") {
  const identity_options o;
  CHECK(client_identity(from("10.0.0.7:50312"), o) == "address:10.0.0.7");
  CHECK(client_identity(from("::1:50312"), o) == "address:::1");
  CHECK(client_identity(from("10.0.0.7:1", {{"authorization", "Bearer abc.def"}}), o) == "token:abc.def");
  CHECK(client_identity(from("10.0.0.7:1", {{"authorization", "bearer   abc  "}}), o) == "token:abc");
  CHECK(client_identity(from("10.0.0.7:1", {{"authorization", "Bearer "}}), o) == "address:10.0.0.7");
  CHECK(client_identity(from("10.0.0.7:1", {{"authorization", "Basic dXNlcjpwdw=="}}), o) == "address:10.0.0.7");
  CHECK(client_identity(from(""), o) == "address:unknown");
  // rate_limit_key address: the token is ignored.
  CHECK(client_identity(from("10.0.0.7:1", {{"authorization", "Bearer abc"}}), trusting("", false)) ==
        "address:10.0.0.7");
}

TEST_CASE("X-Forwarded-For counts only behind a trusted proxy, right-most untrusted hop", "[ratelimit][identity]") {
  const header_list xff = {{"x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.2"}};
  // Nobody trusted: the header is ignored (a client could write anything there).
  CHECK(client_address(from("127.0.0.1:9", xff), trusted_proxies{}) == "127.0.0.1");
  // The peer is not a trusted proxy: ignored too.
  CHECK(client_address(from("192.0.2.1:9", xff), trusted_proxies::parse("127.0.0.1")) == "192.0.2.1");
  // Trusted peer: walk from the right past trusted hops; the forged left-most entry never counts.
  CHECK(client_address(from("127.0.0.1:9", xff), trusted_proxies::parse("127.0.0.1,10.0.0.0/8")) == "203.0.113.9");
  CHECK(client_address(from("127.0.0.1:9", xff), trusted_proxies::parse("127.0.0.1")) == "10.0.0.2");
  // Every hop trusted: the left-most.
  CHECK(client_address(from("127.0.0.1:9", {{"x-forwarded-for", "10.1.1.1, 10.2.2.2"}}),
                       trusted_proxies::parse("127.0.0.0/8,10.0.0.0/8")) == "10.1.1.1");
  // Several field lines are one list, in order.
  CHECK(client_address(from("127.0.0.1:9", {{"x-forwarded-for", "198.51.100.4"}, {"x-forwarded-for", "10.0.0.3"}}),
                       trusted_proxies::parse("127.0.0.1,10.0.0.0/8")) == "198.51.100.4");
  // Ports and brackets are stripped; IPv6 hops work.
  CHECK(client_address(from("[::1]:9", {{"x-forwarded-for", "[2001:db8::5]:4711, 198.51.100.7:80"}}),
                       trusted_proxies::parse("::1,198.51.100.0/24")) == "2001:db8::5");
  // Not an address: taken as it is (bounded), so a broken proxy still separates its clients.
  CHECK(client_address(from("127.0.0.1:9", {{"x-forwarded-for", "unknown"}}), trusted_proxies::parse("127.0.0.1")) ==
        "unknown");
  // No header behind a trusted proxy: the peer.
  CHECK(client_address(from("127.0.0.1:9"), trusted_proxies::parse("127.0.0.1")) == "127.0.0.1");
  // And the identity uses it when there is no token.
  CHECK(client_identity(from("127.0.0.1:9", xff), trusting("127.0.0.1,10.0.0.0/8")) == "address:203.0.113.9");
}

TEST_CASE("trusted proxy lists parse addresses and CIDR blocks", "[ratelimit][identity]") {
  auto p = trusted_proxies::parse(" 127.0.0.1 , 10.0.0.0/8,fd00::/8 ");
  CHECK(p.to_string() == "127.0.0.1/32,10.0.0.0/8,fd00::/8");
  CHECK(p.contains(*parse_ip_address("10.255.1.2")));
  CHECK(p.contains(*parse_ip_address("::ffff:10.1.2.3")));  // IPv4-mapped counts as IPv4
  CHECK(p.contains(*parse_ip_address("fd12::1")));
  CHECK_FALSE(p.contains(*parse_ip_address("11.0.0.1")));
  CHECK_FALSE(p.contains(*parse_ip_address("127.0.0.2")));
  CHECK_FALSE(p.contains(*parse_ip_address("fe80::1")));
  CHECK(trusted_proxies::parse("").empty());
  CHECK(trusted_proxies::parse("0.0.0.0/0").contains(*parse_ip_address("8.8.8.8")));
  CHECK_THROWS_WITH(trusted_proxies::parse("10.0.0.0/33"), Catch::Contains("prefix length must be 0..32"));
  CHECK_THROWS_WITH(trusted_proxies::parse("proxy.local"), Catch::Contains("not an IP address"));
  CHECK_THROWS_WITH(trusted_proxies::parse("10.0.0.1,,x"), Catch::Contains("'x' is not an IP address"));
  CHECK_THROWS_WITH(trusted_proxies::parse("::1/129"), Catch::Contains("0..128"));
}

TEST_CASE("identity hashes are stable and differ between identities", "[ratelimit][identity]") {
  // SHA-256("token:abc") begins with these 8 bytes (checked with sha256sum).
  CHECK(identity_hash("token:abc") == 0xfdf0a89c4b86c3e6ull);
  CHECK(identity_hash("token:abc") != identity_hash("token:abd"));
  CHECK(identity_hash("token:10.0.0.1") != identity_hash("address:10.0.0.1"));
}
