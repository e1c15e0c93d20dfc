// The Chat Completions wire format: every chunk is one SSE event of valid JSON with OpenAI's
// fields, "usage": null on every chunk but the usage chunk when include_usage is on (and absent
// when off), and the non-streamed chat.completion object.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/api/chat_completion_format.hpp"

using namespace ragbench::server;
using nlohmann::json;

namespace {

// "data: {json}\n\n" -> the JSON; fails the test on any other framing.
json event_json(const std::string& event) {
  REQUIRE(event.rfind("data: ", 0) == 0);
  REQUIRE(event.size() > 8);
  REQUIRE(event.substr(event.size() - 2) == "\n\n");
  const std::string payload = event.substr(6, event.size() - 8);
  REQUIRE(payload.find('\n') == std::string::npos);  // one data line per event
  json j = json::parse(payload, nullptr, false);
  REQUIRE(j.is_object());
  return j;
}

void check_common(const json& j, const std::string& object) {
  CHECK(j["id"] == "chatcmpl-test");
  CHECK(j["object"] == object);
  CHECK(j["created"] == 1700000000);
  CHECK(j["model"] == "ragserver-sim");
}

}  // namespace

TEST_CASE("chat completion chunks: role, content, finish, usage, [DONE]", "[api][openai]") {
  const bool include_usage = GENERATE(false, true);
  INFO("include_usage " << include_usage);
  chat_completion_format f("chatcmpl-test", 1700000000, "ragserver-sim", include_usage);

  json role = event_json(f.role_chunk());
  check_common(role, "chat.completion.chunk");
  REQUIRE(role["choices"].size() == 1);
  CHECK(role["choices"][0]["index"] == 0);
  CHECK(role["choices"][0]["delta"] == json{{"role", "assistant"}, {"content", ""}});
  CHECK(role["choices"][0]["finish_reason"].is_null());
  CHECK(role["choices"][0]["logprobs"].is_null());

  // Escapes survive: quotes, backslashes, control characters, UTF-8.
  const std::string text = " say \"hi\"\\ \n\t\x01 日本";
  json content = event_json(f.content_chunk(text));
  check_common(content, "chat.completion.chunk");
  CHECK(content["choices"][0]["delta"] == json{{"content", text}});
  CHECK(content["choices"][0]["finish_reason"].is_null());

  json finish = event_json(f.finish_chunk("length"));
  CHECK(finish["choices"][0]["delta"] == json::object());
  CHECK(finish["choices"][0]["finish_reason"] == "length");

  for (const json* j : {&role, &content, &finish}) {
    if (include_usage) {
      REQUIRE(j->contains("usage"));
      CHECK((*j)["usage"].is_null());
    } else {
      CHECK_FALSE(j->contains("usage"));
    }
  }

  json usage = event_json(f.usage_chunk({120, 32}));
  check_common(usage, "chat.completion.chunk");
  CHECK(usage["choices"] == json::array());
  CHECK(usage["usage"] == json{{"prompt_tokens", 120}, {"completion_tokens", 32}, {"total_tokens", 152}});

  CHECK(chat_completion_format::done_event() == "data: [DONE]\n\n");
}

TEST_CASE("chat completion object: message, finish reason and usage", "[api][openai]") {
  chat_completion_format f("chatcmpl-test", 1700000000, "ragserver-sim", false);
  json j = json::parse(f.completion("Checkpoints flush [chunk:1048576]", "stop", {40, 5}));
  check_common(j, "chat.completion");
  REQUIRE(j["choices"].size() == 1);
  const json& c = j["choices"][0];
  CHECK(c["index"] == 0);
  CHECK(c["message"]["role"] == "assistant");
  CHECK(c["message"]["content"] == "Checkpoints flush [chunk:1048576]");
  CHECK(c["message"]["refusal"].is_null());
  CHECK(c["finish_reason"] == "stop");
  CHECK(j["usage"] == json{{"prompt_tokens", 40}, {"completion_tokens", 5}, {"total_tokens", 45}});
}
