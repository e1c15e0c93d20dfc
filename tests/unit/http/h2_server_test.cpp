// HTTP/2 on the shared listener: prior-knowledge h2c, the Upgrade: h2c switch, multiplexed
// streams through the same router as HTTP/1.1, limits, gzip, streamed bodies, GOAWAY on
// protocol errors and graceful stop. The client is libnghttp2's own client session.
#include "h2_test_client.hpp"
#include "server_fixture.hpp"
#include "test_client.hpp"
#include "ticking_stream.hpp"

#include "server/http/h2_server_session.hpp"
#include "server/http/http_server.hpp"

#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

namespace {

server::handler_fn echo_handler() {
  return [](server::request req, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.body = req.method + " " + req.path + "?" + req.query + " v" + std::to_string(req.version) + " host=" +
             std::string(req.header("host").value_or("")) + " body=" + req.body;
    respond(std::move(r));
  };
}

}  // namespace

TEST_CASE("h2c with prior knowledge answers through the router with security headers", "[http][h2]") {
  server_fixture f;
  f.routes.add("GET", "/items/{id}", echo_handler());
  f.routes.add("POST", "/echo", echo_handler());
  auto port = f.start();
  h2_test_client c(port);
  auto get = c.submit("GET", "/items/42?x=1");
  auto post = c.submit("POST", "/echo", "hello body");
  auto missing = c.submit("GET", "/nope");
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  CHECK(c.got_settings);
  CHECK(c.replies[get].status == 200);
  CHECK(c.replies[get].body == "GET /items/42?x=1 v20 host=127.0.0.1 body=");
  CHECK(c.replies[get].headers["x-content-type-options"] == "nosniff");
  CHECK(c.replies[get].headers["server"] == "ragserver");
  CHECK(c.replies[get].headers["content-length"] == std::to_string(c.replies[get].body.size()));
  CHECK(c.replies[post].body == "POST /echo? v20 host=127.0.0.1 body=hello body");
  CHECK(c.replies[missing].status == 404);
  CHECK(c.replies[missing].body.find("\"error\"") != std::string::npos);
  auto records = f.records();
  REQUIRE(records.size() == 3);
  int routed = 0;
  for (auto& r : records) routed += r.route == "/items/{id}" && r.status == 200 && r.bytes_out > 0;
  CHECK(routed == 1);
}

TEST_CASE("many concurrent streams on one connection, answered from other threads", "[http][h2]") {
  server_fixture f;
  std::vector<std::thread> workers;
  std::mutex m;
  f.routes.add("GET", "/slow/{n}", [&](server::request req, server::handler_context, server::respond_fn respond) {
    std::lock_guard lock(m);
    workers.emplace_back([n = std::string(req.param("n")), respond = std::move(respond)] {
      server::response r;
      r.body = "n=" + n;
      respond(std::move(r));
    });
  });
  auto port = f.start();
  h2_test_client c(port);
  std::map<std::int32_t, int> ids;
  for (int i = 0; i < 60; ++i) ids[c.submit("GET", "/slow/" + std::to_string(i))] = i;
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  for (auto& [id, n] : ids) {
    CHECK(c.replies[id].status == 200);
    CHECK(c.replies[id].body == "n=" + std::to_string(n));
  }
  std::lock_guard lock(m);
  for (auto& t : workers) t.join();
}

TEST_CASE("SETTINGS advertise max concurrent streams and the limit is honoured", "[http][h2]") {
  server::http_server_options o;
  o.h2_max_concurrent_streams = 3;
  server_fixture f(o);
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  h2_test_client c(port);
  REQUIRE(c.run_until([&] { return c.got_settings; }));
  CHECK(c.remote_setting(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS) == 3);
  for (int i = 0; i < 20; ++i) c.submit("GET", "/x");  // the client session queues beyond 3
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  for (auto& [id, r] : c.replies) CHECK(r.status == 200);
}

TEST_CASE("h2 limits: an oversize body gets 413, the connection stays usable", "[http][h2]") {
  server::http_server_options o;
  o.body_limit_bytes = 1000;
  server_fixture f(o);
  f.routes.add("POST", "/echo", echo_handler());
  auto port = f.start();
  h2_test_client c(port);
  auto declared = c.submit("POST", "/echo", std::string(2000, 'a'), {{"content-length", "2000"}});
  auto undeclared = c.submit("POST", "/echo", std::string(5000, 'b'));
  auto ok = c.submit("POST", "/echo", "fine");
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  CHECK(c.replies[declared].status == 413);
  CHECK(c.replies[undeclared].status == 413);
  CHECK(c.replies[undeclared].body.find("payload_too_large") != std::string::npos);
  CHECK(c.replies[ok].status == 200);
  CHECK(c.goaways.empty());
}

TEST_CASE("h2 gzip when accepted, HEAD without a body", "[http][h2][gzip]") {
  server_fixture f;
  f.routes.add("GET", "/big", text_handler(std::string(5000, 'z')));
  auto port = f.start();
  h2_test_client c(port);
  auto zipped = c.submit("GET", "/big", {}, {{"accept-encoding", "gzip"}});
  auto plain = c.submit("GET", "/big");
  auto head = c.submit("HEAD", "/big");
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  CHECK(c.replies[zipped].headers["content-encoding"] == "gzip");
  CHECK(c.replies[zipped].body.size() < 200);
  CHECK(c.replies[plain].body == std::string(5000, 'z'));
  CHECK(c.replies[plain].headers["vary"] == "Accept-Encoding");
  CHECK(c.replies[head].status == 200);
  CHECK(c.replies[head].body.empty());
}

TEST_CASE("a streamed body arrives as DATA pieces in order, deferred between pieces", "[http][h2][stream]") {
  server_fixture f;
  f.routes.add("POST", "/v1/chat", sse_route(4));
  auto port = f.start();
  h2_test_client c(port);
  auto a = c.submit("POST", "/v1/chat");
  auto b = c.submit("POST", "/v1/chat");
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  for (auto id : {a, b}) {
    CHECK(c.replies[id].status == 200);
    CHECK(c.replies[id].headers["content-type"] == "text/event-stream");
    CHECK(c.replies[id].body == "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
    CHECK(c.replies[id].chunks.size() >= 4);  // one DATA frame per piece: nothing was buffered up
    CHECK(c.replies[id].rst_code == 0);
  }
}

TEST_CASE("garbage after the preface gets GOAWAY PROTOCOL_ERROR and a close", "[http][h2]") {
  server_fixture f;
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  h2_test_client c(port);
  REQUIRE(c.run_until([&] { return c.got_settings; }));
  // A DATA frame on stream 0 is a connection error of type PROTOCOL_ERROR (RFC 9113 §6.1).
  c.send_raw(std::string("\x00\x00\x04\x00\x00\x00\x00\x00\x00junk", 13));
  REQUIRE(c.run_until([&] { return c.peer_closed; }));
  REQUIRE(!c.goaways.empty());
  CHECK(c.goaways.back() == NGHTTP2_PROTOCOL_ERROR);
}

TEST_CASE("graceful stop: GOAWAY notice, the in-flight stream completes, final GOAWAY", "[http][h2][stop]") {
  server_fixture f;
  std::promise<server::respond_fn> held;
  f.routes.add("GET", "/hold", [&](server::request, server::handler_context, server::respond_fn respond) {
    held.set_value(std::move(respond));
  });
  auto port = f.start();
  h2_test_client c(port);
  auto id = c.submit("GET", "/hold");
  auto respond_later = held.get_future();
  REQUIRE(c.run_until([&] { return respond_later.wait_for(0ms) == std::future_status::ready; }));
  std::thread stopper([&] { f.server().stop(5s); });
  REQUIRE(c.run_until([&] { return !c.goaways.empty(); }));
  CHECK(c.goaways.front() == NGHTTP2_NO_ERROR);
  CHECK(!c.replies[id].closed);
  server::response r;
  r.body = "done";
  respond_later.get()(std::move(r));
  REQUIRE(c.run_until([&] { return c.peer_closed; }));
  stopper.join();
  CHECK(c.replies[id].body == "done");
  CHECK(c.goaways.size() >= 2);
  CHECK(c.goaway_last_ids.back() == id);
}

TEST_CASE("Upgrade: h2c gets 101 and HTTP/2 frames - with http2 off it stays HTTP/1.1", "[http][h2][upgrade]") {
  bool http2 = GENERATE(true, false);
  server::http_server_options o;
  o.http2 = http2;
  server_fixture f(o);
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  test_client c(port);
  c.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
         "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
  if (http2) {
    std::string head = "HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n";
    CHECK(c.read_raw(head.size()) == head);
    std::string frame = c.read_raw(9);  // the server's first HTTP/2 frame: SETTINGS on stream 0
    REQUIRE(frame.size() == 9);
    CHECK(frame[3] == '\x04');
    CHECK(frame.substr(5) == std::string(4, '\0'));
  } else {
    auto r = c.read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "x");
  }
}

TEST_CASE("with http2 off the preface is a bad HTTP/1.1 request", "[http][h2]") {
  server::http_server_options o;
  o.http2 = false;
  server_fixture f(o);
  auto port = f.start();
  test_client c(port);
  c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  auto r = c.read_response();
  CHECK(r.status == 400);
}

TEST_CASE("decode_base64url decodes HTTP2-Settings and rejects bad input", "[http][h2]") {
  CHECK(server::decode_base64url("AAMAAABkAAQCAAAAAAIAAAAA")->size() == 18);
  CHECK(server::decode_base64url("aGk") == std::optional<std::string>("hi"));
  CHECK(server::decode_base64url("aGk=") == std::optional<std::string>("hi"));
  CHECK(server::decode_base64url("-_8") == std::optional<std::string>("\xfb\xff"));
  CHECK(!server::decode_base64url("a+b/"));
  CHECK(!server::decode_base64url("abcde"));
}

TEST_CASE("TLS files that cannot be loaded are a clear error at construction", "[http][tls]") {
  server::http_server_options o;
  o.port = 0;
  o.tls_cert_file = "/nonexistent/cert.pem";
  o.tls_key_file = "/nonexistent/key.pem";
  auto handler = text_handler("x");
  CHECK_THROWS_WITH(server::http_server(o, handler), Catch::Contains("/nonexistent/cert.pem"));
  o.tls_key_file.clear();
  CHECK_THROWS_WITH(server::http_server(o, handler), Catch::Contains("both a certificate"));
}

TEST_CASE("an idle h2 connection gets GOAWAY NO_ERROR after the idle timeout", "[http][h2][timeout]") {
  server::http_server_options o;
  o.idle_timeout = 50ms;
  server_fixture f(o);
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  h2_test_client c(port);
  auto id = c.submit("GET", "/x");
  REQUIRE(c.run_until([&] { return c.peer_closed; }));
  CHECK(c.replies[id].status == 200);  // served first; the timeout counts from the last stream
  REQUIRE(c.goaways.size() == 1);
  CHECK(c.goaways.front() == NGHTTP2_NO_ERROR);
  CHECK(c.goaway_last_ids.front() == id);
}

TEST_CASE("h2 requests follow the HTTP/1.1 target rules: encoded NUL is invalid_encoding, long targets 414",
          "[http][h2]") {
  server_fixture f;
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  h2_test_client c(port);
  auto nul = c.submit("GET", "/x?cursor=5%00zzz");
  auto fine = c.submit("GET", "/x?cursor=5");
  auto lng = c.submit("GET", "/x?q=" + std::string(32 * 1024, 'a'));
  REQUIRE(c.run_until([&] { return c.all_closed(); }));
  CHECK(c.replies[nul].status == 400);
  CHECK_THAT(c.replies[nul].body, Catch::Contains("invalid_encoding"));
  CHECK(c.replies[fine].status == 200);
  CHECK(c.replies[lng].status == 414);
}
