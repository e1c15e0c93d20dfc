// parse_json_object's depth bound (issue 11): a body nested past json_max_depth is refused with
// 400 too_deep before anything recurses over it; at the bound it parses.
#include <catch2/catch.hpp>

#include "server/api/api_error.hpp"
#include "server/api/json_body.hpp"

using namespace ragbench::server;

namespace {

// {"m": {"m": ... {} ... }} with `depth` objects in all.
std::string nested_objects(std::size_t depth) {
  std::string s;
  for (std::size_t i = 1; i < depth; ++i) s += "{\"m\":";
  s += "{}";
  s.append(depth - 1, '}');
  return s;
}

request json_request(std::string body) {
  request r;
  r.body = std::move(body);
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

}  // namespace

TEST_CASE("a JSON body at the depth bound parses, one level deeper is 400 too_deep", "[api][json]") {
  CHECK(parse_json_object(json_request(nested_objects(json_max_depth))).is_object());
  for (std::size_t depth : {json_max_depth + 1, std::size_t(70'000), std::size_t(1'000'000)}) {
    INFO(depth);
    try {
      parse_json_object(json_request(nested_objects(depth)));
      FAIL("accepted a body nested " << depth << " deep");
    } catch (const api_error& e) {
      CHECK(e.status() == 400);
      CHECK(e.code() == "too_deep");
      CHECK_THAT(e.what(), Catch::Contains(std::to_string(json_max_depth)));
    }
  }
}

TEST_CASE("brackets inside strings do not count as nesting", "[api][json]") {
  std::string brackets(10'000, '[');
  auto doc = parse_json_object(json_request(R"({"a":"\")" + brackets + R"(\"","b":[[{"c":"}]]"}]]})"));
  CHECK(doc["a"].get<std::string>().size() == brackets.size() + 2);
}

TEST_CASE("arrays count like objects", "[api][json]") {
  std::string deep = "{\"a\":" + std::string(json_max_depth, '[') + std::string(json_max_depth, ']') + "}";
  CHECK_THROWS_AS(parse_json_object(json_request(deep)), api_error);
  std::string ok = "{\"a\":" + std::string(json_max_depth - 1, '[') + std::string(json_max_depth - 1, ']') + "}";
  CHECK(parse_json_object(json_request(ok)).is_object());
}

// Found by fuzz/api_json_body (issue 20): nlohmann reports a number past the range of a double
// (1e400) as out_of_range, not parse_error, so it escaped parse_json_object and became a 500.
TEST_CASE("a number too large for a double is 400 invalid_json", "[api][json]") {
  for (const char* body : {"{\"query\":\"vacuum\",\"k\":1e400}", "{\"k\":-7777773e7773}", "[1e999]"}) {
    INFO(body);
    try {
      parse_json_object(json_request(body));
      FAIL("accepted " << body);
    } catch (const api_error& e) {
      CHECK(e.status() == 400);
      CHECK(e.code() == "invalid_json");
    }
  }
}
