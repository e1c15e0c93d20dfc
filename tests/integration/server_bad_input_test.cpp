// The bad-input table: every malformed request gets the right 4xx with a JSON error body that
// names the problem, and the server keeps serving afterwards.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

struct bad_case {
  std::string method, target, body, content_type;
  unsigned status;
  std::string code;
  std::string message_part;
};

}  // namespace

TEST_CASE("bad input gets a 4xx JSON error naming the problem", "[integration][server]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--body-limit", "64KiB"});
  auto c = server.client();
  std::string long_query(1001, 'q');
  std::string oversize(70 * 1024, 'x');

  std::vector<bad_case> cases = {
      {"POST", "/v1/search", "{not json", "", 400, "invalid_json", "not valid JSON"},
      {"POST", "/v1/search", "[1,2]", "", 400, "invalid_json", "must be a JSON object"},
      {"POST", "/v1/search", R"({"k":5})", "", 400, "missing_field", "\"query\" is required"},
      {"POST", "/v1/search", R"({"query":42})", "", 400, "invalid_field", "\"query\" must be a string"},
      {"POST", "/v1/search", R"({"query":"ab"})", "", 400, "invalid_field", "3 to 1000"},
      {"POST", "/v1/search", json{{"query", long_query}}.dump(), "", 400, "invalid_field", "3 to 1000"},
      {"POST", "/v1/search", R"({"query":"valid query","k":0})", "", 400, "invalid_field", "1 to 100"},
      {"POST", "/v1/search", R"({"query":"valid query","k":101})", "", 400, "invalid_field", "1 to 100"},
      {"POST", "/v1/search", R"({"query":"valid query","k":"5"})", "", 400, "invalid_field", "\"k\""},
      {"POST", "/v1/search", R"({"query":"valid query","k":2.5})", "", 400, "invalid_field", "\"k\""},
      {"POST", "/v1/search", R"({"query":"valid query","top":5})", "", 400, "unknown_field", "\"top\""},
      {"POST", "/v1/search", R"({"query":"valid query","filters":[]})", "", 400, "invalid_field", "filters"},
      {"POST", "/v1/query", R"({"query":""})", "", 400, "invalid_field", "3 to 1000"},
      {"POST", "/v1/chat", R"({"query":"valid","k":1000})", "", 400, "invalid_field", "1 to 100"},
      {"POST", "/v1/chat", R"({"query":"valid","session":"a\r\nx-evil: 1"})", "", 400, "invalid_field", "session"},
      {"POST", "/v1/search", R"({"query":"valid","session":"s1"})", "", 400, "unknown_field", "session"},
      {"POST", "/v1/search", "query=abc", "application/x-www-form-urlencoded", 415, "unsupported_media_type",
       "application/json"},
      {"POST", "/v1/documents", R"({"title":"t"})", "", 400, "missing_field", "\"content\""},
      {"POST", "/v1/documents", R"({"title":"t","content":"c","metadata":"x"})", "", 400, "invalid_field",
       "metadata"},
      {"POST", "/v1/documents", "<xml/>", "application/xml", 415, "unsupported_media_type", "text/plain"},
      {"POST", "/v1/documents", "bad \xff\xfe bytes", "text/plain", 400, "invalid_encoding", "UTF-8"},
      {"POST", "/v1/documents?title=%FF", "fine text", "text/plain", 400, "invalid_parameter", "title"},
      {"POST", "/v1/documents", json{{"title", "t"}, {"content", oversize}}.dump(), "", 413, "", ""},
      {"GET", "/v1/documents?limit=0", "", "", 400, "invalid_parameter", "limit"},
      {"GET", "/v1/documents?limit=abc", "", "", 400, "invalid_parameter", "limit"},
      {"GET", "/v1/documents?cursor=zz", "", "", 400, "invalid_parameter", "cursor"},
      {"GET", "/v1/documents/abc", "", "", 404, "not_found", "does not exist"},
      {"GET", "/v1/documents/424242", "", "", 404, "not_found", "does not exist"},
      {"GET", "/no/such/route", "", "", 404, "", ""},
      {"DELETE", "/v1/search", "", "", 405, "", ""},
      {"PUT", "/health", "", "", 405, "", ""},
  };

  for (const auto& bc : cases) {
    INFO(bc.method << " " << bc.target << " " << bc.body.substr(0, 60));
    std::vector<std::pair<std::string, std::string>> headers;
    if (!bc.content_type.empty()) headers.push_back({"Content-Type", bc.content_type});
    auto r = c.request(bc.method, bc.target, bc.body, headers);
    CHECK(r.status == bc.status);
    CHECK(r.header("content-type").find("application/json") == 0);
    json body = json::parse(r.body, nullptr, false);
    REQUIRE_FALSE(body.is_discarded());
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"].is_string());
    CHECK(body["error"]["message"].is_string());
    if (!bc.code.empty()) CHECK(body["error"]["code"] == bc.code);
    if (!bc.message_part.empty()) {
      CHECK_THAT(body["error"]["message"].get<std::string>(), Catch::Contains(bc.message_part));
    }
    if (bc.status == 405) CHECK_FALSE(r.header("allow").empty());
  }

  // Garbage on the wire gets 400, not a crash; the server still answers afterwards.
  auto reply = c.raw_exchange("THIS IS NOT HTTP\r\n\r\n", 2000);
  CHECK(reply.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(server.client().get("/health").status == 200);
  CHECK(server.process().running());
}
