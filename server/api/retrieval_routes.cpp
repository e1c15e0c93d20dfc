// POST /v1/search (inline: embed + index search are short and bounded), POST /v1/query (answer
// after the simulated generation time, cached), POST /v1/chat (the answer as Server-Sent Events;
// with conversation_id, a turn of that stored conversation: api/conversation_turn.hpp).
#include <nlohmann/json.hpp>

#include <chrono>

#include "common/json_text.hpp"
#include "server/api/answer_stream_body.hpp"
#include "server/api/conversation_turn.hpp"
#include "server/api/retrieval_request.hpp"
#include "server/api/route_support.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {

void add_retrieval_routes(router& r, api_services& s) {
  r.add("POST", "/v1/search", [&s](request req, handler_context, respond_fn respond) {
    respond(guarded(s.log, [&] {
      auto q = read_retrieval(req, s.settings.default_k, {"query", "k", "filters"});
      auto started = std::chrono::steady_clock::now();
      auto vec = s.docs.embedding_model().embed(q.query);
      auto hits = s.docs.retrieve(vec, q.k, q.document_id);
      // Hand-built JSON: this is the hottest route and returns kilobytes of chunk text, which
      // nlohmann's DOM + dump would copy and re-validate several times.
      response res;
      res.status = 200;
      res.set_header("content-type", "application/json");
      std::string& body = res.body;
      std::size_t text_bytes = 0;
      for (const auto& h : hits) text_bytes += h.text->size();
      body.reserve(text_bytes + hits.size() * 96 + 48);
      body.append("{\"results\":[");
      for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& h = hits[i];
        if (i) body.push_back(',');
        body.append("{\"chunk_id\":").append(std::to_string(h.chunk_id));
        body.append(",\"document_id\":").append(std::to_string(h.document_id));
        body.append(",\"score\":");
        append_json_number(body, h.score);
        body.append(",\"text\":");
        append_json_string(body, *h.text);
        body.push_back('}');
      }
      body.append("],\"took_ms\":");
      append_json_number(body, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
      body.push_back('}');
      return res;
    }));
  });

  r.add("POST", "/v1/query", [&s](request req, handler_context ctx, respond_fn respond) {
    std::optional<answer_request> q;
    response rejected = guarded(s.log, [&] {
      q = read_retrieval(req, s.settings.default_k, {"query", "k", "filters", "cache"});
      return response{};
    });
    if (!q) {
      respond(std::move(rejected));
      return;
    }
    s.answers.answer(*q, ctx.io, [respond = std::move(respond)](std::optional<answer_result> result) {
      if (!result) {
        respond(json_error(500, "internal", "the answer could not be computed; see the server log"));
        return;
      }
      response res;
      res.status = 200;
      res.set_header("content-type", "application/json");
      res.set_header("x-cache", result->cache_tier);
      res.body = std::move(result->body);
      respond(std::move(res));
    });
  });

  r.add("POST", "/v1/chat", [&s](request req, handler_context, respond_fn respond) {
    std::uint64_t conversation = 0;
    std::optional<answer_request> in_conversation;
    response res = guarded(s.log, [&] {
      auto q = read_retrieval(req, s.settings.default_k, {"query", "k", "filters", "session", "conversation_id"},
                              &conversation);
      if (conversation != 0) {  // a turn of a stored conversation, with its history
        in_conversation = std::move(q);
        return response{};
      }
      auto slot = s.generation.slots.admit();
      if (!slot) {
        response busy = json_error(503, "overloaded", "all decode slots are busy and the queue is full (" +
                                                          std::to_string(s.generation.slots.queue_max()) +
                                                          " waiting); retry later");
        busy.set_header("retry-after", "1");
        return busy;
      }
      response res;
      res.status = 200;
      res.set_header("content-type", "text/event-stream");
      if (!q.session.empty()) res.set_header("x-session", q.session);
      res.set_header("cache-control", "no-cache");
      auto prepared = s.answers.prepare(q);
      auto generation = generation_stream::create(std::move(prepared.plan), SIZE_MAX, std::move(slot),
                                                  s.generation.clock, s.generation.chat);
      res.stream = std::make_shared<answer_stream_body>(std::move(prepared.chunks), std::move(generation), s.answers);
      return res;
    });
    if (!in_conversation) {
      respond(std::move(res));
      return;
    }
    answer_conversation_turn(s, std::move(req), conversation, std::move(in_conversation->query), std::move(respond));
  });
}

}  // namespace ragbench::server
