// --web / --metrics-listen addresses.
#include <catch2/catch.hpp>

#include "loadgen/live/listen_address.hpp"

using namespace ragbench::loadgen;

TEST_CASE("listen addresses: IPv4, bracketed IPv6, localhost, port 0", "[live]") {
  auto a = parse_listen_address("127.0.0.1:8089", "--web");
  CHECK(a.endpoint.address().to_string() == "127.0.0.1");
  CHECK(a.endpoint.port() == 8089);
  CHECK(a.text == "127.0.0.1:8089");
  CHECK(url_of(a.endpoint) == "http://127.0.0.1:8089");
  auto v6 = parse_listen_address("[::1]:9100", "--metrics-listen");
  CHECK(v6.endpoint.address().is_v6());
  CHECK(url_of(v6.endpoint) == "http://[::1]:9100");
  CHECK(parse_listen_address("localhost:0", "--web").endpoint.address().to_string() == "127.0.0.1");
  CHECK(parse_listen_address("0.0.0.0:1", "--web").endpoint.port() == 1);
}

TEST_CASE("listen addresses: what is wrong is named with the flag", "[live]") {
  const auto message = [](const std::string& text) {
    try {
      parse_listen_address(text, "--web");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(message("8089"), Catch::Contains("--web") && Catch::Contains("no port"));
  CHECK_THAT(message("127.0.0.1:"), Catch::Contains("0 to 65535"));
  CHECK_THAT(message("127.0.0.1:65536"), Catch::Contains("0 to 65535"));
  CHECK_THAT(message("127.0.0.1:80x"), Catch::Contains("0 to 65535"));
  CHECK_THAT(message(":8089"), Catch::Contains("no host"));
  CHECK_THAT(message("example.com:8089"), Catch::Contains("IP address or localhost"));
  CHECK_THAT(message("::1:8089"), Catch::Contains("brackets"));
}
