// Reading POST /v1/chat/completions bodies: what is honoured, what is accepted without effect,
// and every rejection as OpenAI's error shape with the right status, code and param.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/api/chat_completion_request.hpp"
#include "server/api/openai_error.hpp"

using namespace ragbench::server;
using nlohmann::json;

namespace {

request post(std::string body, std::string content_type = "application/json") {
  request r;
  r.method = "POST";
  r.target = r.path = "/v1/chat/completions";
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

chat_completion_request parse(const json& body) { return parse_chat_completion(post(body.dump()), "ragserver-sim"); }

json minimal() { return {{"model", "ragserver-sim"}, {"messages", {{{"role", "user"}, {"content", "what is WAL?"}}}}}; }

// The response a rejected body gets, parsed.
struct rejection {
  unsigned status = 0;
  json body;
};

rejection reject(const request& r) {
  ragbench::logger quiet(ragbench::log_level::off);
  response res = openai_guarded(quiet, [&] {
    parse_chat_completion(r, "ragserver-sim");
    return response{};
  });
  return {res.status, json::parse(res.body, nullptr, false)};
}

}  // namespace

TEST_CASE("chat completions request: the honoured fields", "[api][openai]") {
  auto r = parse(minimal());
  CHECK(r.model == "ragserver-sim");
  REQUIRE(r.messages.size() == 1);
  CHECK(r.last_user_content() == "what is WAL?");
  CHECK_FALSE(r.max_tokens);
  CHECK_FALSE(r.stream);
  CHECK_FALSE(r.include_usage);

  json full = minimal();
  full["messages"] = {{{"role", "system"}, {"content", "Answer briefly."}},
                      {{"role", "user"}, {"content", "first question"}},
                      {{"role", "assistant"}, {"content", nullptr}},
                      {{"role", "user"},
                       {"content", {{{"type", "text"}, {"text", "what is"}}, {{"type", "text"}, {"text", "VACUUM?"}}}},
                       {"name", "ann"}}};
  full["max_completion_tokens"] = 12;
  full["temperature"] = 0.2;
  full["stream"] = true;
  full["stream_options"] = {{"include_usage", true}};
  full["top_p"] = 1;
  full["n"] = 1;
  full["seed"] = 7;
  full["user"] = "u1";
  full["stop"] = {"\n\n"};
  full["presence_penalty"] = 0;
  full["frequency_penalty"] = -1.5;
  full["logprobs"] = false;
  r = parse(full);
  CHECK(r.messages.size() == 4);
  CHECK(r.messages[2].content.empty());
  CHECK(r.last_user_content() == "what is\nVACUUM?");  // text parts joined by a newline
  CHECK(r.max_tokens == std::optional<std::size_t>(12));
  CHECK(r.temperature == 0.2);
  CHECK(r.stream);
  CHECK(r.include_usage);

  json both = minimal();
  both["max_tokens"] = 5;
  both["max_completion_tokens"] = 5;
  CHECK(parse(both).max_tokens == std::optional<std::size_t>(5));
  json nulls = minimal();
  nulls["max_tokens"] = nullptr;
  nulls["stream"] = nullptr;
  nulls["stream_options"] = nullptr;
  CHECK_FALSE(parse(nulls).max_tokens);
}

TEST_CASE("chat completions request: every rejection in OpenAI's error shape", "[api][openai]") {
  struct bad {
    std::string name;
    request req;
    unsigned status;
    std::string code;
    std::string param;  // "" = null
    std::string message_part;
  };
  auto with = [](std::initializer_list<std::pair<const char*, json>> changes) {
    json b = minimal();
    for (const auto& [k, v] : changes) b[k] = v;
    return post(b.dump());
  };
  auto without = [](const char* key) {
    json b = minimal();
    b.erase(key);
    return post(b.dump());
  };
  auto messages = [&](json m) { return with({{"messages", std::move(m)}}); };
  const std::vector<bad> cases = {
      {"bad JSON", post("{\"model\":"), 400, "invalid_json", "", "not valid JSON"},
      {"not an object", post("[1]"), 400, "invalid_json", "", "JSON object"},
      {"empty body", post(""), 400, "invalid_json", "", "empty"},
      {"form body", post("a=b", "application/x-www-form-urlencoded"), 415, "unsupported_media_type", "", "json"},
      {"no model", without("model"), 400, "missing_required_parameter", "model", "'model'"},
      {"model not a string", with({{"model", 4}}), 400, "invalid_type", "model", "expected a string, but got an integer"},
      {"unknown model", with({{"model", "gpt-4o"}}), 404, "model_not_found", "model", "'gpt-4o' does not exist"},
      {"no messages", without("messages"), 400, "missing_required_parameter", "messages", "'messages'"},
      {"messages not an array", messages("hi"), 400, "invalid_type", "messages", "expected an array"},
      {"messages empty", messages(json::array()), 400, "empty_array", "messages", "empty array"},
      {"message not an object", messages({"hi"}), 400, "invalid_type", "messages[0]", "expected an object"},
      {"no role", messages({{{"content", "x"}}}), 400, "missing_required_parameter", "messages[0].role", "role"},
      {"bad role", messages({{{"role", "tool"}, {"content", "x"}}}), 400, "invalid_value", "messages[0].role", "'tool'"},
      {"role not a string", messages({{{"role", 1}, {"content", "x"}}}), 400, "invalid_type", "messages[0].role", "string"},
      {"user without content", messages({{{"role", "user"}}}), 400, "missing_required_parameter", "messages[0].content", "content"},
      {"content a number", messages({{{"role", "user"}, {"content", 5}}}), 400, "invalid_type", "messages[0].content", "got an integer"},
      {"image part", messages({{{"role", "user"}, {"content", {{{"type", "image_url"}, {"image_url", "x"}}}}}}), 400,
       "unknown_parameter", "messages[0].content[0].image_url", "image_url"},
      {"non-text part", messages({{{"role", "user"}, {"content", {{{"type", "audio"}}}}}}), 400, "invalid_value",
       "messages[0].content[0].type", "only \"text\""},
      {"part without text", messages({{{"role", "user"}, {"content", {{{"type", "text"}}}}}}), 400,
       "missing_required_parameter", "messages[0].content[0].text", "text"},
      {"unknown message field", messages({{{"role", "user"}, {"content", "x"}, {"tool_calls", json::array()}}}), 400,
       "unknown_parameter", "messages[0].tool_calls", "tool_calls"},
      {"no user message", messages({{{"role", "system"}, {"content", "be nice"}}}), 400, "invalid_value", "messages",
       "role 'user'"},
      {"empty last user message", messages({{{"role", "user"}, {"content", "ok"}}, {{"role", "user"}, {"content", " \n "}}}),
       400, "invalid_value", "messages[1].content", "must not be empty"},
      {"max_tokens 0", with({{"max_tokens", 0}}), 400, "invalid_value", "max_tokens", "from 1 to 65536"},
      {"max_tokens too big", with({{"max_tokens", 65537}}), 400, "invalid_value", "max_tokens", "from 1 to 65536"},
      {"max_tokens huge", with({{"max_tokens", 18446744073709551615ull}}), 400, "invalid_value", "max_tokens", "65536"},
      {"max_tokens negative", with({{"max_tokens", -3}}), 400, "invalid_value", "max_tokens", "got -3"},
      {"max_tokens a string", with({{"max_tokens", "10"}}), 400, "invalid_type", "max_tokens", "expected an integer, but got a string"},
      {"max_tokens a decimal", with({{"max_tokens", 2.5}}), 400, "invalid_type", "max_tokens", "got a decimal"},
      {"max_completion_tokens 0", with({{"max_completion_tokens", 0}}), 400, "invalid_value", "max_completion_tokens", "1 to"},
      {"two different limits", with({{"max_tokens", 5}, {"max_completion_tokens", 6}}), 400, "invalid_value", "max_tokens",
       "not two different"},
      {"temperature above 2", with({{"temperature", 2.5}}), 400, "invalid_value", "temperature", "2.5"},
      {"temperature a string", with({{"temperature", "hot"}}), 400, "invalid_type", "temperature", "a number"},
      {"stream a string", with({{"stream", "yes"}}), 400, "invalid_type", "stream", "a boolean"},
      {"stream_options without stream", with({{"stream_options", {{"include_usage", true}}}}), 400, "invalid_value",
       "stream_options", "only allowed when 'stream'"},
      {"stream_options not an object", with({{"stream", true}, {"stream_options", true}}), 400, "invalid_type",
       "stream_options", "an object"},
      {"include_usage not a boolean", with({{"stream", true}, {"stream_options", {{"include_usage", 1}}}}), 400,
       "invalid_type", "stream_options.include_usage", "a boolean"},
      {"unknown stream option", with({{"stream", true}, {"stream_options", {{"usage", true}}}}), 400,
       "unknown_parameter", "stream_options.usage", "stream_options.usage"},
      {"n above 1", with({{"n", 2}}), 400, "invalid_value", "n", "n must be 1"},
      {"logprobs true", with({{"logprobs", true}}), 400, "invalid_value", "logprobs", "not supported"},
      {"top_p above 1", with({{"top_p", 1.5}}), 400, "invalid_value", "top_p", "1.5"},
      {"stop a number", with({{"stop", 3}}), 400, "invalid_type", "stop", "string"},
      {"tools", with({{"tools", json::array()}}), 400, "unknown_parameter", "tools", "Unrecognized request argument supplied: tools"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto r = reject(c.req);
    CHECK(r.status == c.status);
    REQUIRE(r.body.is_object());
    REQUIRE(r.body.contains("error"));
    const json& e = r.body["error"];
    CHECK(e["code"] == c.code);
    CHECK(e["type"] == (c.status >= 500 ? "server_error" : "invalid_request_error"));
    if (c.param.empty()) {
      CHECK(e["param"].is_null());
    } else {
      CHECK(e["param"] == c.param);
    }
    REQUIRE(e["message"].is_string());
    CHECK_THAT(e["message"].get<std::string>(), Catch::Contains(c.message_part));
  }
}

TEST_CASE("OpenAI error types follow the status, overload is a 503 with Retry-After", "[api][openai]") {
  CHECK(openai_error_type(400) == "invalid_request_error");
  CHECK(openai_error_type(404) == "invalid_request_error");
  CHECK(openai_error_type(429) == "rate_limit_error");
  CHECK(openai_error_type(500) == "server_error");
  CHECK(openai_error_type(503) == "service_unavailable_error");
  response busy = openai_overloaded(16);
  CHECK(busy.status == 503);
  CHECK(busy.header("retry-after") == std::optional<std::string_view>("1"));
  json b = json::parse(busy.body);
  CHECK(b["error"]["code"] == "server_is_overloaded");
  CHECK(b["error"]["type"] == "service_unavailable_error");
  CHECK(b["error"]["param"].is_null());
  CHECK_THAT(b["error"]["message"].get<std::string>(), Catch::Contains("16"));
}

TEST_CASE("prompt tokens are counted as the simulator counts them", "[api][openai]") {
  CHECK(count_tokens("") == 0);
  CHECK(count_tokens("  \n\t ") == 0);
  CHECK(count_tokens("what is WAL?") == 3);
  CHECK(count_tokens(" a\tb\nc  d ") == 4);
}
