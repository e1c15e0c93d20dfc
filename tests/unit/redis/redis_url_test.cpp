// parse_redis_url: accepted forms and clear errors.
#include <catch2/catch.hpp>

#include "server/redis/redis_url.hpp"

using ragbench::server::parse_redis_url;

TEST_CASE("redis URLs: host, port, credentials and database", "[redis][url]") {
  auto u = parse_redis_url("redis://127.0.0.1:6380/2");
  CHECK(u.host == "127.0.0.1");
  CHECK(u.port == 6380);
  CHECK(u.db == 2);
  CHECK(u.password.empty());

  u = parse_redis_url("redis://cache.local");
  CHECK(u.host == "cache.local");
  CHECK(u.port == 6379);
  CHECK(u.db == 0);

  u = parse_redis_url("redis://:s3cret@10.0.0.1:7000/");
  CHECK(u.password == "s3cret");
  CHECK(u.username.empty());
  CHECK(u.port == 7000);
  CHECK(u.db == 0);

  u = parse_redis_url("redis://app:pw@[::1]:6390/15");
  CHECK(u.username == "app");
  CHECK(u.password == "pw");
  CHECK(u.host == "::1");
  CHECK(u.port == 6390);
  CHECK(u.db == 15);
}

TEST_CASE("bad redis URLs are rejected with what is wrong", "[redis][url]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(parse_redis_url(""), Contains("empty"));
  CHECK_THROWS_WITH(parse_redis_url("http://127.0.0.1:6379"), Contains("must start with redis://"));
  CHECK_THROWS_WITH(parse_redis_url("rediss://127.0.0.1:6379"), Contains("TLS"));
  CHECK_THROWS_WITH(parse_redis_url("redis://:6379"), Contains("empty host"));
  CHECK_THROWS_WITH(parse_redis_url("redis://"), Contains("empty host"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:"), Contains("empty port"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:0"), Contains("port must be a number in 1..65535"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:70000"), Contains("got '70000'"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:63x9"), Contains("port"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:6379/abc"), Contains("database must be a number"));
  CHECK_THROWS_WITH(parse_redis_url("redis://h:6379/-1"), Contains("database"));
  CHECK_THROWS_WITH(parse_redis_url("redis://[::1:6379"), Contains("unterminated"));
  CHECK_THROWS_WITH(parse_redis_url("redis://user@h:6379"), Contains("credentials"));
  CHECK_THROWS_WITH(parse_redis_url("redis://:@h"), Contains("empty password"));
}

TEST_CASE("error messages never show the password", "[redis][url]") {
  try {
    parse_redis_url("redis://app:topsecret@h:99999");
    FAIL("expected an error");
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    CHECK(message.find("topsecret") == std::string::npos);
    CHECK(message.find("redis://app:***@h:99999") != std::string::npos);
  }
}
