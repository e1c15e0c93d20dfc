// POST /v1/chat/completions, GET /v1/models, GET /v1/models/{model}: the RAG answer (retrieval on
// the last user message, the simulated model citing the chunks) behind a subset of OpenAI's API,
// plain or streamed, with OpenAI's error shape (docs/ragserver-api.md, "OpenAI-compatible API").
#include <nlohmann/json.hpp>

#include <chrono>
#include <random>

#include "server/api/chat_completion_request.hpp"
#include "server/api/chat_completion_stream.hpp"
#include "server/api/openai_error.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {
namespace {

// "chatcmpl-" + 32 hex digits from a per-thread generator (unique enough for ids; not secret).
std::string new_completion_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "chatcmpl-";
  for (int half = 0; half < 2; ++half) {
    std::uint64_t v = rng();
    for (int i = 0; i < 16; ++i, v >>= 4) id.push_back(hex[v & 0xf]);
  }
  return id;
}

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

nlohmann::json model_object(const api_settings& settings) {
  return {{"id", settings.model_name}, {"object", "model"}, {"created", settings.model_created_unix},
          {"owned_by", "ragbench"}};
}

// What the simulated model reads: every message plus the retrieved chunks, counted as the
// simulator counts tokens (runs of non-whitespace).
std::size_t prompt_tokens_of(const chat_completion_request& req, const prepared_answer& prepared) {
  std::size_t n = 0;
  for (const auto& m : req.messages) n += count_tokens(m.content);
  for (const auto& c : prepared.chunks) n += count_tokens(*c.text);
  return n;
}

void answer_completion(api_services& s, const chat_completion_request& req, handler_context ctx, respond_fn respond) {
  auto slot = s.generation.slots.admit();
  if (!slot) {
    respond(openai_overloaded(s.generation.slots.queue_max()));
    return;
  }
  std::shared_ptr<generation_stream> generation;
  std::size_t prompt_tokens = 0;
  response failed = openai_guarded(s.log, [&] {
    answer_request q;
    q.query = req.last_user_content();
    q.k = s.settings.default_k;
    auto prepared = s.answers.prepare(q);
    prompt_tokens = prompt_tokens_of(req, prepared);
    // A response that is not streamed has no events to time: only its queue wait is recorded.
    generation_metrics metrics = s.generation.chat_completions;
    if (!req.stream) metrics = generation_metrics{nullptr, nullptr, nullptr, metrics.queue_wait};
    generation = generation_stream::create(std::move(prepared.plan), req.max_tokens.value_or(k_max_completion_tokens),
                                           std::move(slot), s.generation.clock, metrics);
    return response{};
  });
  if (!generation) {
    respond(std::move(failed));
    return;
  }
  chat_completion_format format(new_completion_id(), unix_now(), s.settings.model_name, req.include_usage);
  response res;
  res.status = 200;
  res.set_header("x-request-id", format.id());
  if (req.stream) {
    res.set_header("content-type", "text/event-stream");
    res.set_header("cache-control", "no-cache");
    res.stream = std::make_shared<chat_completion_stream>(std::move(format), generation, prompt_tokens, s.answers);
    respond(std::move(res));
    return;
  }
  // The whole answer after its generation time, like a model server that does not stream.
  generation->wait_all(ctx.io, [&s, generation, prompt_tokens, format = std::move(format), res = std::move(res),
                                respond = std::move(respond)](bool finished) mutable {
    if (!finished) {
      respond(openai_error_response(503, "cancelled", {}, "the generation was cancelled (server shutting down)"));
      return;
    }
    s.answers.count_tokens(generation->completion_tokens());
    res.set_header("content-type", "application/json");
    res.body = format.completion(generation->text(), generation->cut_by_max_tokens() ? "length" : "stop",
                                 {prompt_tokens, generation->completion_tokens()});
    respond(std::move(res));
  });
}

}  // namespace

void add_openai_routes(router& r, api_services& s) {
  r.add("POST", "/v1/chat/completions", [&s](request req, handler_context ctx, respond_fn respond) {
    std::optional<chat_completion_request> parsed;
    response rejected = openai_guarded(s.log, [&] {
      parsed = parse_chat_completion(req, s.settings.model_name);
      return response{};
    });
    if (!parsed) {
      respond(std::move(rejected));
      return;
    }
    answer_completion(s, *parsed, ctx, std::move(respond));
  });

  r.add("GET", "/v1/models", [&s](request, handler_context, respond_fn respond) {
    respond(json_response(200, {{"object", "list"}, {"data", nlohmann::json::array({model_object(s.settings)})}}));
  });

  r.add("GET", "/v1/models/{model}", [&s](request req, handler_context, respond_fn respond) {
    if (req.param("model") != s.settings.model_name) {
      respond(openai_error_response(404, "model_not_found", "model",
                                    "The model '" + std::string(req.param("model")) + "' does not exist; this server serves '" +
                                        s.settings.model_name + "'."));
      return;
    }
    respond(json_response(200, model_object(s.settings)));
  });
}

}  // namespace ragbench::server
