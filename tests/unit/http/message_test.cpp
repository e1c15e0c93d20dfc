// Pure helpers of the HTTP layer: request/response accessors, percent-decoding, gzip
// negotiation and compression, JSON responses.
#include "server/http/gzip_encoder.hpp"
#include "server/http/http_date_cache.hpp"
#include "server/http/json_response.hpp"
#include "server/http/message.hpp"
#include "server/http/percent_decode.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include "support/gunzip.hpp"

using namespace ragbench::server;

using ragbench::testing::gunzip;

TEST_CASE("percent_decode decodes escapes and rejects malformed ones", "[http][message]") {
  CHECK(percent_decode("/a%20b/c") == std::optional<std::string>("/a b/c"));
  CHECK(percent_decode("x+y") == std::optional<std::string>("x+y"));
  CHECK(percent_decode("x+y", true) == std::optional<std::string>("x y"));
  CHECK(percent_decode("%2F%2f") == std::optional<std::string>("//"));
  auto bad = GENERATE(as<std::string>{}, "%", "%4", "%zz", "a%g1", "%00");
  CHECK_FALSE(percent_decode(bad).has_value());
}

TEST_CASE("request accessors find headers, params and query values", "[http][message]") {
  request r;
  r.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  r.path_params = {{"id", "42"}};
  r.query = "limit=10&cursor=a%20b&flag&q=x+y";
  CHECK(r.header("x-a") == std::optional<std::string_view>("1"));
  CHECK_FALSE(r.header("missing").has_value());
  CHECK(r.param("id") == "42");
  CHECK(r.param("nope").empty());
  CHECK(r.query_param("limit") == std::optional<std::string>("10"));
  CHECK(r.query_param("cursor") == std::optional<std::string>("a b"));
  CHECK(r.query_param("flag") == std::optional<std::string>(""));
  CHECK(r.query_param("q") == std::optional<std::string>("x y"));
  CHECK_FALSE(r.query_param("absent").has_value());
  CHECK(r.route == "unmatched");
}

TEST_CASE("response::set_header replaces an existing header", "[http][message]") {
  response r;
  r.set_header("content-type", "a");
  r.set_header("content-type", "b");
  REQUIRE(r.headers.size() == 1);
  CHECK(r.header("content-type") == std::optional<std::string_view>("b"));
}

TEST_CASE("accepts_gzip follows Accept-Encoding with q-values", "[http][gzip]") {
  CHECK(accepts_gzip("gzip"));
  CHECK(accepts_gzip("deflate, gzip"));
  CHECK(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  CHECK(accepts_gzip("*"));
  CHECK_FALSE(accepts_gzip(""));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip("gzip;q=0"));
  CHECK_FALSE(accepts_gzip("gzip;q=0.000, deflate"));
  CHECK_FALSE(accepts_gzip("*;q=0"));
}

TEST_CASE("gzip_encoder round-trips through zlib, repeatedly", "[http][gzip]") {
  gzip_encoder enc;
  std::string out;
  for (int round = 0; round < 3; ++round) {
    std::string in;
    for (int i = 0; i < 1000 + round * 500; ++i) in += "token" + std::to_string(i % 37) + " ";
    REQUIRE(enc.compress(in, out));
    CHECK(out.size() < in.size());
    CHECK(gunzip(out) == in);
  }
  REQUIRE(enc.compress("", out));
  CHECK(gunzip(out).empty());
}

TEST_CASE("json_error has the project-wide error shape", "[http][json]") {
  response r = json_error(422, "bad_k", "k must be 1..100");
  CHECK(r.status == 422);
  CHECK(r.header("content-type") == std::optional<std::string_view>("application/json"));
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["error"]["code"] == "bad_k");
  CHECK(j["error"]["message"] == "k must be 1..100");
}

TEST_CASE("json_response never throws on invalid UTF-8", "[http][json]") {
  response r = json_response(200, nlohmann::json{{"text", std::string("ok\xff")}});
  CHECK(r.status == 200);
  CHECK(nlohmann::json::parse(r.body)["text"].get<std::string>().rfind("ok", 0) == 0);
}

TEST_CASE("http_date_cache formats IMF-fixdate", "[http][date]") {
  CHECK(ragbench::server::http_date_cache::format(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  ragbench::server::http_date_cache cache;
  auto now = std::string(cache.now());
  CHECK(now.size() == 29);
  CHECK(now.substr(26) == "GMT");
}
