// Conversations (seed 004): POST/GET /v1/conversations, GET/DELETE /v1/conversations/{id},
// POST /v1/conversations/{id}/messages (an SSE answer; api/conversation_turn.hpp). Each belongs to
// the acting user (api/bearer_auth.hpp); another user's conversation answers 404. Store work runs
// on the compute pool.
#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api/bearer_auth.hpp"
#include "server/api/conversation_turn.hpp"
#include "server/api/json_body.hpp"
#include "server/api/route_support.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {
namespace {

constexpr std::size_t max_title = 200;
constexpr std::size_t max_content = 32 * 1024;

nlohmann::json conversation_json(const conversation& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"created_at_ms", c.created_at_ms},
          {"updated_at_ms", c.updated_at_ms},
          {"message_count", c.message_count}};
}

// Query parameter `name`: an integer in [min, max], `fallback` when absent.
std::uint64_t query_number(const request& req, std::string_view name, std::uint64_t min, std::uint64_t max,
                           std::uint64_t fallback, std::string_view what) {
  auto text = req.query_param(name);
  if (!text || text->empty()) return fallback;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max) {
    throw api_error(400, "invalid_parameter", "query parameter \"" + std::string(name) + "\" " + std::string(what));
  }
  return v;
}

std::uint64_t conversation_id(const request& req) { return parse_id(req.param("id"), "conversation"); }

std::string read_message_content(const request& req) {
  auto body = parse_json_object(req);
  reject_unknown_fields(body, {"content"});
  return require_string(body, "content", 1, max_content);
}

}  // namespace

void add_conversation_routes(router& r, api_services& s) {
  r.add("POST", "/v1/conversations", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      std::string title = "New conversation";
      if (!req.body.empty()) {
        auto body = parse_json_object(req);
        reject_unknown_fields(body, {"title"});
        if (auto t = optional_string(body, "title", max_title)) title = *t;
      }
      conversation c;
      c.user_id = acting_user(s, req);
      c.title = std::move(title);
      s.conversations.records().create(c);
      return json_response(201, conversation_json(c));
    });
  });

  r.add("GET", "/v1/conversations", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      const auto limit = query_number(req, "limit", 1, 100, 20, "must be an integer from 1 to 100");
      const auto cursor = query_number(req, "cursor", 1, UINT64_MAX, 0, "is not a cursor this server issued");
      const std::uint64_t user = acting_user(s, req);
      auto page = s.conversations.records().list(user, cursor, limit);
      nlohmann::json items = nlohmann::json::array();
      for (const auto& c : page.conversations) items.push_back(conversation_json(c));
      nlohmann::json body = {{"conversations", std::move(items)}, {"next_cursor", nullptr}};
      if (page.next_cursor) body["next_cursor"] = std::to_string(*page.next_cursor);
      return json_response(200, body);
    });
  });

  r.add("GET", "/v1/conversations/{id}", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      const auto id = conversation_id(req);
      const auto limit = query_number(req, "messages", 1, 1000, 100, "must be an integer from 1 to 1000");
      const std::uint64_t user = acting_user(s, req);
      auto c = s.conversations.records().get(user, id);
      if (!c) throw api_error(404, "not_found", "conversation " + std::to_string(id) + " not found");
      nlohmann::json messages = nlohmann::json::array();
      for (const auto& m : s.conversations.records().messages(user, id, limit)) {
        messages.push_back({{"id", m.id}, {"role", m.role}, {"content", m.content}, {"created_at_ms", m.created_at_ms}});
      }
      auto body = conversation_json(*c);
      body["messages"] = std::move(messages);
      return json_response(200, body);
    });
  });

  r.add("DELETE", "/v1/conversations/{id}", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      const auto id = conversation_id(req);
      if (!s.conversations.records().remove(acting_user(s, req), id)) {
        throw api_error(404, "not_found", "conversation " + std::to_string(id) + " not found");
      }
      response res;
      res.status = 204;
      return res;
    });
  });

  r.add("POST", "/v1/conversations/{id}/messages", [&s](request req, handler_context, respond_fn respond) {
    std::uint64_t id = 0;
    std::string content;
    response rejected = guarded(s.log, [&] {
      id = conversation_id(req);
      content = read_message_content(req);
      return response{};
    });
    if (content.empty()) {
      respond(std::move(rejected));
      return;
    }
    answer_conversation_turn(s, std::move(req), id, std::move(content), std::move(respond));
  });
}

}  // namespace ragbench::server
