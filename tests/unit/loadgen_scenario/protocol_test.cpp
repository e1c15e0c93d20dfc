// Scenario schema for HTTP/2 and TLS: protocol defaults by scheme, tls block, connections and
// max_streams, their validation messages and --set overrides.
#include <catch2/catch.hpp>

#include "loadgen/scenario/scenario_loader.hpp"

using namespace ragbench::loadgen;

namespace {

const std::string tail = "load: {users: 2, duration: 5s}\ntasks:\n  - {name: h, path: /health}\n";

std::string error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "p.yaml");
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("protocol defaults follow the scheme", "[loader][protocol]") {
  auto plain = parse_scenario("target: http://h:8080\n" + tail, "p.yaml");
  CHECK(plain.protocol == protocol_kind::http1);
  CHECK(plain.target.port == 8080);
  auto tls = parse_scenario("target: https://example.test/api\n" + tail, "p.yaml");
  CHECK(tls.protocol == protocol_kind::auto_alpn);
  CHECK(tls.target.tls());
  CHECK(tls.target.port == 443);
  CHECK(tls.target.base_path == "/api");
  CHECK_FALSE(tls.tls.insecure);
  CHECK(tls.max_streams == 100);
  CHECK(tls.connections == 0);
}

TEST_CASE("protocol, tls, connections and max_streams are read", "[loader][protocol]") {
  auto s = parse_scenario("target: https://127.0.0.1:8443\nprotocol: h2\nconnections: 4\nmax_streams: 16\n"
                          "tls: {insecure: true, server_name: localhost, ca_file: /etc/ssl/certs/ca-certificates.crt}\n" +
                              tail,
                          "p.yaml");
  CHECK(s.protocol == protocol_kind::h2);
  CHECK(s.connections == 4);
  CHECK(s.max_streams == 16);
  CHECK(s.tls.insecure);
  CHECK(s.tls.server_name == "localhost");
  CHECK(s.tls.ca_file == "/etc/ssl/certs/ca-certificates.crt");
  auto h2c = parse_scenario("target: http://h:1\nprotocol: h2c\n" + tail, "p.yaml");
  CHECK(h2c.protocol == protocol_kind::h2c);
  CHECK(is_http2(h2c.protocol));
  CHECK(protocol_name(protocol_kind::auto_alpn) == "auto");
}

TEST_CASE("protocol and scheme mismatches are errors with FILE:LINE", "[loader][protocol]") {
  auto [yaml, expected] = GENERATE(table<std::string, std::string>({
      {"target: https://h\nprotocol: h2c\n" + tail,
       "p.yaml:2: protocol: h2c is cleartext HTTP/2 and needs an http:// target (use h2 or auto for https://)"},
      {"target: http://h\nprotocol: h2\n" + tail,
       "p.yaml:2: protocol: h2 negotiates HTTP/2 with TLS ALPN and needs an https:// target (use h2c for cleartext "
       "HTTP/2)"},
      {"target: http://h\nprotocol: h3\n" + tail, "p.yaml:2: protocol: expected http1, h2c, h2 or auto, got 'h3'"},
      {"target: http://h\nconnections: 2\n" + tail,
       "p.yaml:1: connections: only for HTTP/2 (protocol h2c, h2 or auto); HTTP/1.1 opens one connection per user "
       "(use load.max_connections to bound an open model)"},
      {"target: http://h\nprotocol: h2c\nmax_streams: 0\n" + tail,
       "p.yaml:3: max_streams: expected an integer from 1 to 10000, got '0'"},
      {"target: http://h\ntls: {insecure: true}\n" + tail, "p.yaml:2: tls: only for https:// targets"},
      {"target: https://h\ntls: {insecure: yes please, bogus: 1}\n" + tail,
       "p.yaml:2: unknown key 'bogus' in tls (expected one of: insecure, ca_file, server_name)\n"
       "p.yaml:2: tls.insecure: expected true or false, got 'yes please'"},
      {"target: ftp://h\n" + tail,
       "p.yaml:1: target: unknown scheme 'ftp', got 'ftp://h' (expected http://host[:port][/base])"},
  }));
  CAPTURE(yaml);
  CHECK(error_of(yaml) == expected);
}

TEST_CASE("overrides (--set) for protocol and TLS", "[loader][protocol][overrides]") {
  auto s = parse_scenario("target: http://127.0.0.1:8080\n" + tail, "p.yaml");
  apply_override(s, "protocol=h2c");
  CHECK(s.protocol == protocol_kind::h2c);
  apply_override(s, "max_streams=8");
  apply_override(s, "connections=3");
  CHECK(s.max_streams == 8);
  CHECK(s.connections == 3);
  CHECK_THROWS_WITH(apply_override(s, "protocol=h2"),
                    Catch::Contains("h2 negotiates HTTP/2 with TLS ALPN and needs an https:// target"));
  CHECK(s.protocol == protocol_kind::h2c);  // a failed override changes nothing
  apply_override(s, "target=https://127.0.0.1:8443");  // another scheme: the protocol follows it again
  CHECK(s.protocol == protocol_kind::auto_alpn);
  apply_override(s, "protocol=h2");
  CHECK(s.protocol == protocol_kind::h2);

  auto t = parse_scenario("target: http://127.0.0.1:8080\n" + tail, "p.yaml");
  apply_override(t, "target=https://127.0.0.1:8443");  // protocol not chosen: follows the scheme
  CHECK(t.protocol == protocol_kind::auto_alpn);
  apply_override(t, "tls.insecure=true");
  CHECK(t.tls.insecure);
  apply_override(t, "protocol=http1");
  CHECK(t.protocol == protocol_kind::http1);
  CHECK_THROWS_WITH(apply_override(t, "tls.insecure=maybe"),
                    "--set tls.insecure=maybe: tls.insecure: expected true or false, got 'maybe'");
}
