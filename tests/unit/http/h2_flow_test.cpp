// HTTP/2 clients that do not read (issue 11): a peer that never opens its flow-control window
// must not hold a connection and its buffered responses forever, and a connection holding too
// many unsent bytes refuses new streams.
#include "h2_test_client.hpp"
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

namespace {

const std::vector<nghttp2_settings_entry> zero_window{{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0}};

}  // namespace

TEST_CASE("an h2 client that never opens its window gets GOAWAY and a close after the write timeout",
          "[http][h2][flow]") {
  server::http_server_options o;
  o.write_timeout = 300ms;
  server_fixture f(o);
  f.routes.add("GET", "/big", text_handler(std::string(100 * 1024, 'z')));
  auto port = f.start();
  h2_test_client c(port, zero_window);
  for (int i = 0; i < 8; ++i) c.submit("GET", "/big");
  REQUIRE(c.run_until([&] { return c.peer_closed; }, 10s));
  for (auto& [id, r] : c.replies) CHECK(r.status == 200);  // the HEADERS went out; the DATA never could
  REQUIRE_FALSE(c.goaways.empty());
  CHECK(c.goaways.back() == NGHTTP2_ENHANCE_YOUR_CALM);
}

TEST_CASE("an h2 client that reads slowly but steadily is not cut off", "[http][h2][flow]") {
  server::http_server_options o;
  o.write_timeout = 300ms;
  server_fixture f(o);
  f.routes.add("GET", "/big", text_handler(std::string(300 * 1024, 'z')));
  auto port = f.start();
  h2_test_client c(port);  // default 64 KiB windows: several round trips per response
  auto a = c.submit("GET", "/big");
  auto b = c.submit("GET", "/big");
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  CHECK(c.replies[a].body.size() == 300 * 1024);
  CHECK(c.replies[b].body.size() == 300 * 1024);
  CHECK(c.goaways.empty());
}

TEST_CASE("past h2_max_buffered_bytes of unsent response data new streams are refused", "[http][h2][flow]") {
  server::http_server_options o;
  o.h2_max_buffered_bytes = 150 * 1024;
  server_fixture f(o);
  f.routes.add("GET", "/big", text_handler(std::string(100 * 1024, 'z')));
  auto port = f.start();
  h2_test_client c(port, zero_window);
  auto a = c.submit("GET", "/big");
  REQUIRE(c.run_until([&] { return c.replies[a].status != 0; }));
  auto b = c.submit("GET", "/big");  // 100 KiB held: still under the bound
  REQUIRE(c.run_until([&] { return c.replies[b].status != 0; }));
  auto refused = c.submit("GET", "/big");  // 200 KiB held: over it
  REQUIRE(c.run_until([&] { return c.replies[refused].closed; }));
  CHECK(c.replies[refused].rst_code == NGHTTP2_REFUSED_STREAM);
  CHECK(c.replies[refused].status == 0);
  CHECK_FALSE(c.replies[a].closed);
  CHECK(c.goaways.empty());
}
