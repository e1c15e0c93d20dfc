// Users, tokens and conversations (seed 004) against the real ragserver, over every store
// (sqlite, memory, postgres): register/login/logout and their errors, conversations created,
// paged newest first, read with their messages, deleted, invisible to other users, answered over
// SSE (also through /v1/chat with conversation_id) with both turns stored, the context window
// dropping the oldest turns, and --auth's three modes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "integration/support/ragserver_process.hpp"
#include "integration/support/server_setups.hpp"
#include "integration/support/sse_probe.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

const std::string wal_text =
    "Write-Ahead Logging (WAL) is a standard method for ensuring data integrity. Changes to data files "
    "are written only after those changes have been logged, that is, after log records describing the "
    "changes have been flushed to permanent storage.";

// One setup per store: the route contract must hold for each.
std::vector<server_setup> one_setup_per_store() {
  std::vector<server_setup> out;
  for (const auto& s : server_setups()) {
    bool seen = false;
    for (const auto& o : out) seen = seen || o.store == s.store;
    if (!seen) out.push_back(s);
  }
  return out;
}

using header_list = std::vector<std::pair<std::string, std::string>>;
header_list bearer(const std::string& token) { return {{"authorization", "Bearer " + token}}; }

std::string error_code(const http_reply& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

void register_user(http_client& c, const std::string& name, const std::string& password = "correct-horse-1") {
  auto r = c.post_json("/v1/auth/register", json{{"username", name}, {"password", password}}.dump());
  REQUIRE(r.status == 201);
}

std::string login(http_client& c, const std::string& name, const std::string& password = "correct-horse-1") {
  auto r = c.post_json("/v1/auth/login", json{{"username", name}, {"password", password}}.dump());
  REQUIRE(r.status == 200);
  return json::parse(r.body)["token"].get<std::string>();
}

std::uint64_t create_conversation(http_client& c, const header_list& auth, const std::string& title) {
  auto r = c.request("POST", "/v1/conversations", json{{"title", title}}.dump(), auth);
  REQUIRE(r.status == 201);
  auto j = json::parse(r.body);
  CHECK(j["title"] == title);
  CHECK(j["message_count"] == 0);
  return j["id"].get<std::uint64_t>();
}

// A turn's SSE answer: the context event's data, the done event's data, and the raw reply.
struct turn_reply {
  http_reply raw;
  json context, done;
};

turn_reply send_turn(http_client& c, const std::string& target, const json& body, const header_list& auth) {
  turn_reply t;
  t.raw = c.request("POST", target, body.dump(), auth);
  if (t.raw.status != 200) return t;
  CHECK(t.raw.header("content-type") == "text/event-stream");
  for (const auto& data : sse_data(t.raw.body)) {
    auto j = json::parse(data, nullptr, false);
    if (j.contains("turns_kept")) t.context = j;
    if (j.contains("answer")) t.done = j;
  }
  REQUIRE(t.context.is_object());
  REQUIRE(t.done.is_object());
  CHECK(t.raw.header("x-context-turns-kept") == std::to_string(t.context["turns_kept"].get<int>()));
  return t;
}

}  // namespace

TEST_CASE("auth routes: register, login, logout and their errors", "[integration][server][auth]") {
  const server_setup setup = GENERATE(from_range(one_setup_per_store()));
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();

  auto first = c.post_json("/v1/auth/register", json{{"username", "alice"}, {"password", "correct-horse-1"}}.dump());
  REQUIRE(first.status == 201);
  CHECK(json::parse(first.body)["username"] == "alice");
  auto again = c.post_json("/v1/auth/register", json{{"username", "alice"}, {"password", "other-password"}}.dump());
  CHECK(again.status == 409);
  CHECK(error_code(again) == "username_taken");
  CHECK(error_code(c.post_json("/v1/auth/register", R"({"username":"a b c","password":"long-enough"})")) == "invalid_field");
  CHECK(error_code(c.post_json("/v1/auth/register", R"({"username":"carol","password":"short"})")) == "invalid_field");
  CHECK(error_code(c.post_json("/v1/auth/register", R"({"username":"carol"})")) == "missing_field");
  CHECK(error_code(c.post_json("/v1/auth/register", R"({"username":"carol","password":"long-enough","x":1})")) ==
        "unknown_field");

  for (const auto& [name, password] : std::vector<std::pair<std::string, std::string>>{
           {"alice", "wrong-password"}, {"nobody", "correct-horse-1"}, {"(anonymous)", "anything-at-all"}}) {
    INFO(name);
    auto r = c.post_json("/v1/auth/login", json{{"username", name}, {"password", password}}.dump());
    CHECK(r.status == 401);
    CHECK(error_code(r) == "invalid_credentials");
    CHECK(r.header("www-authenticate").rfind("Bearer", 0) == 0);
  }

  auto ok = c.post_json("/v1/auth/login", json{{"username", "alice"}, {"password", "correct-horse-1"}}.dump());
  REQUIRE(ok.status == 200);
  auto j = json::parse(ok.body);
  const std::string token = j["token"];
  CHECK(token.size() == 43);
  CHECK(j["token_type"] == "bearer");
  CHECK(j["expires_at"].get<std::string>().size() == 24);  // 2026-12-05T16:54:10.123Z
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(j["expires_at_ms"].get<std::int64_t>() > now_ms + 23 * 3600 * 1000);  // --token-ttl 24h

  CHECK(c.request("GET", "/v1/conversations", {}, bearer(token)).status == 200);
  CHECK(error_code(c.request("POST", "/v1/auth/logout")) == "unauthorized");
  CHECK(error_code(c.request("POST", "/v1/auth/logout", {}, {{"authorization", "Basic YTpi"}})) == "invalid_token");
  CHECK(c.request("POST", "/v1/auth/logout", {}, bearer(token)).status == 204);
  CHECK(error_code(c.request("POST", "/v1/auth/logout", {}, bearer(token))) == "invalid_token");
  auto after = c.request("GET", "/v1/conversations", {}, bearer(token));
  CHECK(after.status == 401);
  CHECK(error_code(after) == "invalid_token");
}

TEST_CASE("conversations: pages, messages over SSE, ownership, deletion", "[integration][server][conversations]") {
  const server_setup setup = GENERATE(from_range(one_setup_per_store()));
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();
  REQUIRE(c.post_json("/v1/documents", json{{"title", "wal"}, {"content", wal_text}}.dump()).status == 201);
  register_user(c, "alice");
  register_user(c, "bob");
  const auto alice = bearer(login(c, "alice")), bob = bearer(login(c, "bob"));

  const auto first = create_conversation(c, alice, "first");
  const auto second = create_conversation(c, alice, "second");
  const auto third = create_conversation(c, alice, "third");
  auto page = json::parse(c.request("GET", "/v1/conversations?limit=2", {}, alice).body);
  REQUIRE(page["conversations"].size() == 2);
  CHECK(page["conversations"][0]["id"] == third);  // newest first
  CHECK(page["conversations"][1]["id"] == second);
  REQUIRE(page["next_cursor"].is_string());
  auto rest = json::parse(
      c.request("GET", "/v1/conversations?limit=2&cursor=" + page["next_cursor"].get<std::string>(), {}, alice).body);
  REQUIRE(rest["conversations"].size() == 1);
  CHECK(rest["conversations"][0]["id"] == first);
  CHECK(rest["next_cursor"].is_null());
  CHECK(error_code(c.request("GET", "/v1/conversations?limit=0", {}, alice)) == "invalid_parameter");
  CHECK(error_code(c.request("GET", "/v1/conversations?cursor=x", {}, alice)) == "invalid_parameter");

  // Bob sees none of them.
  CHECK(json::parse(c.request("GET", "/v1/conversations", {}, bob).body)["conversations"].empty());
  const std::string one = "/v1/conversations/" + std::to_string(first);
  CHECK(c.request("GET", one, {}, bob).status == 404);
  CHECK(c.request("DELETE", one, {}, bob).status == 404);
  CHECK(c.request("POST", one + "/messages", json{{"content", "What is WAL?"}}.dump(), bob).status == 404);

  // Two turns through the messages route, a third through /v1/chat.
  auto t1 = send_turn(c, one + "/messages", {{"content", "How does write-ahead logging keep data safe?"}}, alice);
  REQUIRE(t1.raw.status == 200);
  CHECK(t1.raw.header("x-conversation-id") == std::to_string(first));
  CHECK(t1.context["conversation_id"] == first);
  CHECK(t1.context["turns_kept"] == 0);
  CHECK(t1.context["turns_dropped"] == 0);
  CHECK(t1.context["chunks_kept"] == 1);
  CHECK(t1.context["context_tokens"] == 4000);
  CHECK(t1.done.contains("message_id"));
  auto t2 = send_turn(c, one + "/messages", {{"content", "And what is a checkpoint?"}}, alice);
  CHECK(t2.context["turns_kept"] == 2);
  auto t3 = send_turn(c, "/v1/chat", {{"query", "Where are log records flushed?"}, {"conversation_id", first}}, alice);
  CHECK(t3.context["turns_kept"] == 4);
  CHECK(c.request("POST", "/v1/chat", json{{"query", "What is WAL?"}, {"conversation_id", second}}.dump(), bob).status ==
        404);

  auto got = c.request("GET", one, {}, alice);
  REQUIRE(got.status == 200);
  auto conv = json::parse(got.body);
  CHECK(conv["message_count"] == 6);
  REQUIRE(conv["messages"].size() == 6);
  CHECK(conv["messages"][0]["role"] == "user");
  CHECK(conv["messages"][0]["content"] == "How does write-ahead logging keep data safe?");
  CHECK(conv["messages"][1]["role"] == "assistant");
  CHECK(conv["messages"][1]["content"] == t1.done["answer"]);
  CHECK(conv["messages"][1]["id"] == t1.done["message_id"]);
  CHECK(conv["messages"][4]["content"] == "Where are log records flushed?");
  CHECK(json::parse(c.request("GET", one + "?messages=2", {}, alice).body)["messages"][0]["content"] ==
        "Where are log records flushed?");  // the last two, oldest first
  // The listing is ordered by creation, and reports the new message count.
  auto listed = json::parse(c.request("GET", "/v1/conversations", {}, alice).body);
  CHECK(listed["conversations"][2]["message_count"] == 6);

  CHECK(error_code(c.request("POST", one + "/messages", R"({"content":""})", alice)) == "invalid_field");
  CHECK(error_code(c.request("POST", one + "/messages", R"({"text":"hi"})", alice)) == "unknown_field");
  CHECK(c.request("DELETE", one, {}, alice).status == 204);
  CHECK(c.request("GET", one, {}, alice).status == 404);
  CHECK(c.request("POST", one + "/messages", json{{"content", "still there?"}}.dump(), alice).status == 404);
  CHECK(c.request("GET", "/v1/conversations/abc", {}, alice).status == 404);
}

TEST_CASE("conversations: a small context window drops the oldest turns first", "[integration][server][conversations]") {
  temp_dir dir;
  // Answers of 8 tokens; the window fits the system prompt, the question and about two turns.
  ragserver_process server(dir.str(), {"--context-tokens", "64", "--llm-answer-tokens", "8"});
  auto c = server.client();
  REQUIRE(c.post_json("/v1/documents", json{{"title", "wal"}, {"content", wal_text}}.dump()).status == 201);
  const header_list anonymous;  // --auth off: the shared anonymous user
  const auto id = create_conversation(c, anonymous, "window");
  const std::string target = "/v1/conversations/" + std::to_string(id) + "/messages";
  std::vector<int> kept;
  for (int turn = 0; turn < 5; ++turn) {
    auto t = send_turn(c, target, {{"content", "How is the log flushed?"}}, anonymous);
    REQUIRE(t.raw.status == 200);
    INFO("turn " << turn);
    CHECK(t.context["turns_kept"].get<int>() + t.context["turns_dropped"].get<int>() == 2 * turn);
    CHECK(t.context["prompt_tokens"].get<int>() <= 64);
    CHECK(t.context["chunks_kept"] == 0);  // the chunk alone is larger than the window
    kept.push_back(t.context["turns_kept"]);
  }
  CHECK(kept[1] == 2);
  CHECK(kept[4] == kept[3]);  // the window is full: each new turn pushes the oldest out
  CHECK(kept[4] < 8);
  CHECK(kept[4] >= 2);
}

TEST_CASE("auth modes: --auth required, optional and off", "[integration][server][auth]") {
  temp_dir dir;
  const std::string search = R"({"query":"write-ahead logging","k":1})";
  SECTION("required") {
    ragserver_process server(dir.str(), {"--auth", "required"});
    auto c = server.client();
    CHECK(c.get("/health").status == 200);
    CHECK(c.get("/metrics").status == 200);
    CHECK(c.get("/v1/models").status == 200);
    auto denied = c.post_json("/v1/search", search);
    CHECK(denied.status == 401);
    CHECK(error_code(denied) == "unauthorized");
    CHECK(c.request("POST", "/v1/search", search, bearer("not-a-token")).status == 401);
    CHECK(c.post_json("/v1/documents", json{{"title", "wal"}, {"content", wal_text}}.dump()).status == 401);
    CHECK(c.get("/v1/conversations").status == 401);
    register_user(c, "alice");
    const auto alice = bearer(login(c, "alice"));
    CHECK(c.request("POST", "/v1/documents", json{{"title", "wal"}, {"content", wal_text}}.dump(), alice).status == 201);
    auto found = c.request("POST", "/v1/search", search, alice);
    CHECK(found.status == 200);
    CHECK(json::parse(found.body)["results"].size() == 1);
    CHECK(c.request("GET", "/v1/conversations", {}, alice).status == 200);
    // The gate's 401s are counted under their route, not as unmatched.
    CHECK(c.get("/metrics").body.find(R"(route="/v1/search",method="POST",status="401")") != std::string::npos);
  }
  SECTION("optional") {
    ragserver_process server(dir.str(), {"--auth", "optional"});
    auto c = server.client();
    CHECK(c.post_json("/v1/search", search).status == 200);
    CHECK(c.request("POST", "/v1/search", search, bearer("not-a-token")).status == 401);
    CHECK(c.post_json("/v1/conversations", "{}").status == 201);  // the anonymous user's
  }
  SECTION("off") {
    ragserver_process server(dir.str(), {"--auth", "off"});
    auto c = server.client();
    CHECK(c.request("POST", "/v1/search", search, bearer("not-a-token")).status == 200);  // not checked
    const auto id = create_conversation(c, {}, "anonymous");
    register_user(c, "alice");
    const auto alice = bearer(login(c, "alice"));
    // A token still selects its user: alice does not see the anonymous user's conversation.
    CHECK(c.request("GET", "/v1/conversations/" + std::to_string(id), {}, alice).status == 404);
    CHECK(c.get("/v1/conversations/" + std::to_string(id)).status == 200);
  }
}
