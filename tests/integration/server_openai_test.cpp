// POST /v1/chat/completions and GET /v1/models against the real ragserver: plain and streamed
// answers parsed and checked against OpenAI's format and against each other (same question and
// seed: the same text), usage only when asked and equal to the true token counts, /v1/chat
// streaming the same answer, over HTTP/1.1 (own clients), h2c (curl, nghttp) and TLS (curl, h2
// and http/1.1), and the errors in OpenAI's shape.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>

#include "integration/support/cli_tool.hpp"
#include "integration/support/completion_stream.hpp"
#include "integration/support/ragserver_process.hpp"
#include "integration/support/sse_probe.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string wal_text =
    "Write-Ahead Logging (WAL) is a standard method for ensuring data integrity. Changes to data files "
    "are written only after those changes have been logged, that is, after log records describing the "
    "changes have been flushed to permanent storage. Checkpoints flush dirty pages so recovery can start "
    "from the last checkpoint record.";
const std::string question = "How does write-ahead logging keep data safe?";

void load_corpus(http_client& c) {
  auto r = c.post_json("/v1/documents", json{{"title", "wal"}, {"content", wal_text}}.dump());
  REQUIRE(r.status == 201);
}

json request_body(bool stream, bool include_usage, std::optional<int> max_tokens = std::nullopt) {
  json b = {{"model", "ragserver-sim"},
            {"messages", {{{"role", "system"}, {"content", "Answer from the documents."}},
                          {{"role", "user"}, {"content", question}}}}};
  if (stream) b["stream"] = true;
  if (include_usage) b["stream_options"] = {{"include_usage", true}};
  if (max_tokens) b["max_tokens"] = *max_tokens;
  return b;
}

std::size_t words(const std::string& text) {
  std::size_t n = 0;
  bool in = false;
  for (unsigned char ch : text) {
    const bool space = std::isspace(ch) != 0;
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

std::string problems_of(const completion_stream& s) {
  std::string out;
  for (const auto& p : s.problems) out += p + "\n";
  return out;
}

// A plain chat.completion checked for OpenAI's fields; returns it.
json check_plain(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["object"] == "chat.completion");
  CHECK(j["id"].get<std::string>().rfind("chatcmpl-", 0) == 0);
  CHECK(j["model"] == "ragserver-sim");
  CHECK(j["created"].is_number_integer());
  REQUIRE(j["choices"].size() == 1);
  CHECK(j["choices"][0]["index"] == 0);
  CHECK(j["choices"][0]["message"]["role"] == "assistant");
  REQUIRE(j["choices"][0]["message"]["content"].is_string());
  const json& u = j["usage"];
  CHECK(u["total_tokens"] == u["prompt_tokens"].get<int>() + u["completion_tokens"].get<int>());
  CHECK(u["completion_tokens"] == words(j["choices"][0]["message"]["content"].get<std::string>()));
  return j;
}

}  // namespace

TEST_CASE("chat completions over HTTP/1.1: plain and streamed give the same answer, usage when asked",
          "[integration][openai]") {
  temp_dir dir;
  // Events of 1..3 tokens: the stream has fewer events than tokens, and usage must say so.
  ragserver_process server(dir.str(), {"--llm-tokens-per-event", "1..3"});
  auto c = server.client();
  load_corpus(c);

  auto plain_reply = c.post_json("/v1/chat/completions", request_body(false, false).dump());
  REQUIRE(plain_reply.status == 200);
  CHECK(plain_reply.header("content-type") == "application/json");
  CHECK(plain_reply.header("x-request-id").rfind("chatcmpl-", 0) == 0);
  json plain = check_plain(plain_reply.body);
  const std::string content = plain["choices"][0]["message"]["content"];
  CHECK(plain["choices"][0]["finish_reason"] == "stop");
  CHECK_THAT(content, Catch::Contains("[chunk:"));
  CHECK(plain["usage"]["completion_tokens"] == 32);  // llm_answer_tokens
  CHECK(plain["usage"]["prompt_tokens"].get<std::size_t>() > words(question) + words(wal_text) - 1);

  SECTION("streamed with include_usage") {
    auto s = post_sse(server.port(), "/v1/chat/completions", request_body(true, true).dump(), 30s);
    REQUIRE(s.status == 200);
    CHECK(s.content_type == "text/event-stream");
    CHECK(s.complete);
    std::vector<std::string> payloads;
    for (const auto& e : s.events) payloads.push_back(e.data);
    auto parsed = check_completion_stream(payloads, true);
    INFO(problems_of(parsed) << s.body.substr(0, 2000));
    CHECK(parsed.problems.empty());
    CHECK(parsed.content == content);
    CHECK(parsed.finish_reason == "stop");
    REQUIRE(parsed.usage);
    CHECK(*parsed.usage == plain["usage"]);
    CHECK(parsed.content_events < 32);  // chunk != token
    CHECK(parsed.content_events >= 32 / 3);
  }
  SECTION("streamed without include_usage: no usage anywhere") {
    auto s = post_sse(server.port(), "/v1/chat/completions", request_body(true, false).dump(), 30s);
    REQUIRE(s.status == 200);
    std::vector<std::string> payloads;
    for (const auto& e : s.events) payloads.push_back(e.data);
    auto parsed = check_completion_stream(payloads, false);
    INFO(problems_of(parsed));
    CHECK(parsed.problems.empty());
    CHECK(parsed.content == content);
    CHECK(s.body.find("usage") == std::string::npos);
  }
  SECTION("max_tokens cuts both the same way, finish_reason length") {
    auto cut = c.post_json("/v1/chat/completions", request_body(false, false, 5).dump());
    REQUIRE(cut.status == 200);
    json j = check_plain(cut.body);
    CHECK(j["choices"][0]["finish_reason"] == "length");
    CHECK(j["usage"]["completion_tokens"] == 5);
    const std::string cut_content = j["choices"][0]["message"]["content"];
    CHECK(content.rfind(cut_content, 0) == 0);
    auto s = post_sse(server.port(), "/v1/chat/completions", request_body(true, true, 5).dump(), 30s);
    std::vector<std::string> payloads;
    for (const auto& e : s.events) payloads.push_back(e.data);
    auto parsed = check_completion_stream(payloads, true);
    INFO(problems_of(parsed));
    CHECK(parsed.problems.empty());
    CHECK(parsed.content == cut_content);
    CHECK(parsed.finish_reason == "length");
    REQUIRE(parsed.usage);
    CHECK((*parsed.usage)["completion_tokens"] == 5);
  }
  SECTION("/v1/chat streams the same answer, in the same events") {
    auto s = post_sse(server.port(), "/v1/chat", json{{"query", question}}.dump(), 30s);
    REQUIRE(s.status == 200);
    std::string text;
    std::size_t token_events = 0, multi = 0;
    json done;
    for (const auto& e : s.events) {
      json j = json::parse(e.data);
      if (j.contains("text")) {
        text += j["text"].get<std::string>();
        ++token_events;
        if (j.contains("tokens")) ++multi;
      }
      if (j.contains("answer")) done = j;
    }
    CHECK(text == content);
    CHECK(done["tokens"] == 32);
    CHECK(done["answer"] == content);
    CHECK(token_events < 32);
    CHECK(multi > 0);  // events of several tokens say how many
  }
}

TEST_CASE("chat completions over h2c and TLS: the same answer with curl and nghttp", "[integration][openai][http2]") {
  temp_dir dir;
  auto tls = make_self_signed_cert(dir);
  const std::string body_file = (dir.path() / "stream.json").string();
  std::ofstream(body_file) << request_body(true, true).dump();
  const std::string plain_file = (dir.path() / "plain.json").string();
  std::ofstream(plain_file) << request_body(false, false).dump();

  std::string reference;  // the plain answer over HTTP/1.1
  {
    ragserver_process server(dir.str(), {"--llm-tokens-per-event", "2"});
    auto c = server.client();
    load_corpus(c);
    reference = check_plain(c.post_json("/v1/chat/completions", request_body(false, false).dump()).body)["choices"][0]
                                                                                                            ["message"]["content"];
    const std::string url = server.url() + "/v1/chat/completions";
    auto streamed = run_tool(dir, {"/usr/bin/curl", "-sS", "-N", "--http2-prior-knowledge", "-H",
                                   "content-type: application/json", "--data-binary", "@" + body_file, url});
    REQUIRE(streamed.status == 0);
    auto parsed = check_completion_stream(sse_data(streamed.out), true);
    INFO(problems_of(parsed) << streamed.out.substr(0, 2000));
    CHECK(parsed.problems.empty());
    CHECK(parsed.content == reference);

    // nghttp: h2c prior knowledge, the plain answer and the model list
    auto plain = run_tool(dir, {"/usr/bin/nghttp", "-H", "content-type: application/json", "-d", plain_file, url});
    REQUIRE(plain.status == 0);
    CHECK(check_plain(plain.out)["choices"][0]["message"]["content"] == reference);
    auto models = run_tool(dir, {"/usr/bin/nghttp", server.url() + "/v1/models"});
    REQUIRE(models.status == 0);
    CHECK(json::parse(models.out)["data"][0]["id"] == "ragserver-sim");
  }

  ragserver_process server(dir.str(), {"--llm-tokens-per-event", "2", "--tls-cert", tls.cert, "--tls-key", tls.key});
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/v1/chat/completions";
  for (std::string version : {"--http2", "--http1.1"}) {
    INFO("curl " << version);
    auto streamed = run_tool(dir, {"/usr/bin/curl", "-sSk", "-N", version, "-H", "content-type: application/json",
                                   "--data-binary", "@" + body_file, "-w", "\n%{http_version}", url});
    REQUIRE(streamed.status == 0);
    CHECK(streamed.out.substr(streamed.out.rfind('\n') + 1) == (version == "--http2" ? "2" : "1.1"));
    auto parsed = check_completion_stream(sse_data(streamed.out.substr(0, streamed.out.rfind('\n'))), true);
    INFO(problems_of(parsed) << streamed.out.substr(0, 2000));
    CHECK(parsed.problems.empty());
    CHECK(parsed.content == reference);  // same store contents, same seed: the same answer
    auto plain = run_tool(dir, {"/usr/bin/curl", "-sSk", version, "-H", "content-type: application/json",
                                "--data-binary", "@" + plain_file, url});
    REQUIRE(plain.status == 0);
    CHECK(check_plain(plain.out)["choices"][0]["message"]["content"] == reference);
  }
}

TEST_CASE("OpenAI routes: errors in OpenAI's shape, models listed and looked up", "[integration][openai]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--llm-model-name", "rag-7b"});
  auto c = server.client();

  auto models = c.get("/v1/models");
  REQUIRE(models.status == 200);
  json list = json::parse(models.body);
  CHECK(list["object"] == "list");
  REQUIRE(list["data"].size() == 1);
  CHECK(list["data"][0]["id"] == "rag-7b");
  CHECK(list["data"][0]["object"] == "model");
  CHECK(list["data"][0]["owned_by"] == "ragbench");
  CHECK(json::parse(c.get("/v1/models/rag-7b").body)["id"] == "rag-7b");

  struct bad {
    std::string method, target, body;
    unsigned status;
    std::string code, param;
  };
  const std::vector<bad> cases = {
      {"POST", "/v1/chat/completions", "{oops", 400, "invalid_json", ""},
      {"POST", "/v1/chat/completions", R"({"model":"rag-7b"})", 400, "missing_required_parameter", "messages"},
      {"POST", "/v1/chat/completions", R"({"model":"rag-7b","messages":[{"role":"user","content":""}]})", 400,
       "invalid_value", "messages[0].content"},
      {"POST", "/v1/chat/completions", R"({"model":"rag-7b","messages":[{"role":"user","content":"x"}],"max_tokens":0})",
       400, "invalid_value", "max_tokens"},
      {"POST", "/v1/chat/completions", R"({"model":"ragserver-sim","messages":[{"role":"user","content":"x"}]})", 404,
       "model_not_found", "model"},
      {"GET", "/v1/models/gpt-4o", "", 404, "model_not_found", "model"},
  };
  for (const auto& b : cases) {
    INFO(b.method << " " << b.target << " " << b.body);
    auto r = c.request(b.method, b.target, b.body);
    CHECK(r.status == b.status);
    CHECK(r.header("content-type") == "application/json");
    json e = json::parse(r.body, nullptr, false);
    REQUIRE(e.contains("error"));
    CHECK(e["error"]["code"] == b.code);
    CHECK(e["error"]["type"] == "invalid_request_error");
    CHECK(e["error"]["message"].is_string());
    if (b.param.empty()) {
      CHECK(e["error"]["param"].is_null());
    } else {
      CHECK(e["error"]["param"] == b.param);
    }
  }
  auto wrong_method = c.get("/v1/chat/completions");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.header("allow") == "POST");
  CHECK(server.client().get("/health").status == 200);
}
