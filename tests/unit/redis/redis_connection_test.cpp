// redis_connection against a real redis-server: typed commands, pipelines, errors, outages.
#include <catch2/catch.hpp>

#include "server/redis/redis_connection.hpp"
#include "support/redis_server.hpp"

using namespace ragbench::server;
using namespace std::chrono_literals;
using ragbench::testing::redis_server;

namespace {
redis_connection connect_to(const redis_server& server, const std::string& suffix = "") {
  return redis_connection(parse_redis_url(server.url() + suffix), 1000ms, 1000ms);
}
}  // namespace

TEST_CASE("redis_connection runs typed commands", "[redis][connection]") {
  redis_server server;
  auto c = connect_to(server);
  CHECK(c.ping(100ms));
  CHECK_FALSE(c.get("k"));
  c.set("k", std::string("v\0x", 3), 60'000ms);
  CHECK(c.get("k") == std::string("v\0x", 3));  // binary-safe
  const auto ttl = c.pttl("k");
  CHECK(ttl > 59'000ms);
  CHECK(ttl <= 60'000ms);
  CHECK(c.pttl("absent") == -2ms);
  CHECK(c.incr("n") == 1);
  CHECK(c.incr("n") == 2);
  CHECK(c.del("n"));
  CHECK_FALSE(c.del("n"));
  CHECK_FALSE(c.broken());
}

TEST_CASE("redis_connection pipelines several commands in one round trip", "[redis][connection]") {
  redis_server server;
  auto c = connect_to(server);
  auto replies = c.pipeline({{"SET", "a", "1"}, {"INCR", "a"}, {"GET", "a"}, {"GET", "missing"}, {"INCR", "a", "x"}});
  REQUIRE(replies.size() == 5);
  CHECK(replies[0].type == redis_reply::kind::status);
  CHECK(replies[0].str == "OK");
  CHECK(replies[1].integer == 2);
  CHECK(replies[2].str == "2");
  CHECK(replies[3].type == redis_reply::kind::nil);
  CHECK(replies[4].type == redis_reply::kind::error);  // wrong arity: an error reply, not a failure
  CHECK_FALSE(c.broken());
  CHECK(c.get("a") == "2");
}

TEST_CASE("an error reply throws redis_error without breaking the connection", "[redis][connection]") {
  redis_server server;
  auto c = connect_to(server);
  c.set("text", "hello", 10'000ms);
  try {
    c.incr("text");
    FAIL("expected redis_error");
  } catch (const redis_error& e) {
    CHECK_FALSE(e.io());
    CHECK(std::string(e.what()).find("not an integer") != std::string::npos);
  }
  CHECK_FALSE(c.broken());
  CHECK(c.ping(100ms));
}

TEST_CASE("SELECT from the URL and AUTH failures", "[redis][connection]") {
  redis_server server;
  auto db1 = connect_to(server, "/1");
  db1.set("only_in_1", "x", 10'000ms);
  auto db0 = connect_to(server);
  CHECK_FALSE(db0.get("only_in_1"));
  CHECK(db1.get("only_in_1") == "x");
  const auto with_password = "redis://:wrong@127.0.0.1:" + std::to_string(server.port());
  CHECK_THROWS_AS(redis_connection(parse_redis_url(with_password), 1000ms, 1000ms), pool_connect_error);
}

TEST_CASE("connect refused and a server gone mid-connection", "[redis][connection]") {
  redis_server server;
  auto c = connect_to(server);
  server.stop();
  CHECK_THROWS_WITH(connect_to(server), Catch::Contains("127.0.0.1:" + std::to_string(server.port())));
  CHECK_FALSE(c.ping(100ms));
  try {
    c.get("k");
    FAIL("expected redis_error");
  } catch (const redis_error& e) {
    CHECK(e.io());
  }
  CHECK(c.broken());
  server.start();
  auto again = connect_to(server);
  CHECK(again.ping(100ms));
}
