// answer_service: embed -> cache lookup (on the blocking pool when a tier may block) -> single
// flight -> retrieve + plan -> timer for the simulated generation time -> cache put (unless the
// corpus changed meanwhile) -> every waiter answered.
#include "server/pipeline/answer_service.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <cctype>

namespace ragbench::server {
namespace {

// Lower-case, whitespace collapsed and trimmed: "  What IS  wal? " -> "what is wal?".
std::string normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::string with_tier(std::string_view body, std::string_view tier) {
  std::string out;
  out.reserve(body.size() + tier.size() + 16);
  out.append("{\"cache\":\"").append(tier).append("\",");
  out.append(body.substr(1));  // body is a JSON object with at least one member
  return out;
}

}  // namespace

answer_service::answer_service(corpus& docs, cache& answers, const llm_simulator& llm,
                               std::chrono::milliseconds ttl, compute_pool* blocking_cache_pool)
    : docs_(docs), answers_(answers), llm_(llm), ttl_(ttl), blocking_pool_(blocking_cache_pool) {}

answer_service::key_text answer_service::cache_key_for(const answer_request& req) {
  key_text out;
  out.text = "query|k=" + std::to_string(req.k);
  if (req.document_id) out.text += "|doc=" + std::to_string(*req.document_id);
  out.text += "|";
  out.scope_size = out.text.size();
  out.text += normalise(req.query);
  return out;
}

prepared_answer answer_service::prepare(const answer_request& req) const {
  auto vec = docs_.embedding_model().embed(req.query);
  return prepare(req, vec);
}

prepared_answer answer_service::prepare(const answer_request& req, std::span<const float> query_embedding) const {
  return plan_over(req, docs_.retrieve(query_embedding, req.k, req.document_id));
}

prepared_answer answer_service::prepare(const answer_request& req, const chunk_budget& keep) const {
  auto vec = docs_.embedding_model().embed(req.query);
  auto chunks = docs_.retrieve(vec, req.k, req.document_id);
  chunks.resize(std::min(chunks.size(), keep(chunks)));
  return plan_over(req, std::move(chunks));
}

prepared_answer answer_service::plan_over(const answer_request& req, std::vector<retrieved_chunk> chunks) const {
  prepared_answer out;
  out.chunks = std::move(chunks);
  std::vector<context_chunk> sources;
  sources.reserve(out.chunks.size());
  for (const auto& c : out.chunks) sources.push_back({c.chunk_id, *c.text});
  // Seeded by the normalised question, so one question gets one answer with or without a cache.
  out.plan = llm_.plan(normalise(req.query), sources);
  return out;
}

std::string answer_service::render_answer(const prepared_answer& a) {
  nlohmann::json citations = nlohmann::json::array();
  nlohmann::json chunks = nlohmann::json::array();
  for (const auto& c : a.chunks) {
    citations.push_back(c.chunk_id);
    chunks.push_back({{"chunk_id", c.chunk_id}, {"document_id", c.document_id}, {"score", c.score}});
  }
  nlohmann::json body = {
      {"answer", a.plan.text()},
      {"citations", std::move(citations)},
      {"chunks", std::move(chunks)},
      {"tokens", a.plan.tokens.size()},
      {"generation_ms", std::chrono::duration<double, std::milli>(a.plan.total_delay()).count()},
  };
  return body.dump();
}

void answer_service::generate(const answer_request& req, std::span<const float> query_embedding,
                              boost::asio::any_io_executor io,
                              std::function<void(std::optional<std::string>)> rendered) {
  std::shared_ptr<prepared_answer> prepared;
  try {
    prepared = std::make_shared<prepared_answer>(prepare(req, query_embedding));
  } catch (const std::exception&) {
    rendered(std::nullopt);
    return;
  }
  counters_.tokens.fetch_add(prepared->plan.tokens.size(), std::memory_order_relaxed);
  auto timer = std::make_shared<boost::asio::steady_timer>(io, prepared->plan.total_delay());
  timer->async_wait([timer, prepared, rendered = std::move(rendered)](const boost::system::error_code&) {
    rendered(render_answer(*prepared));
  });
}

// Everything one /v1/query needs across threads: the request, its key and embedding (the key's
// views point into this object, which lives until the answer is delivered).
struct answer_service::lookup_state {
  answer_request req;
  key_text key;
  std::vector<float> embedding;
  boost::asio::any_io_executor io;
  std::function<void(std::optional<answer_result>)> done;
  cache_key as_cache_key() const {
    return cache_key{key.text, embedding, std::string_view(key.text).substr(0, key.scope_size)};
  }
};

void answer_service::answer(const answer_request& req, boost::asio::any_io_executor io,
                            std::function<void(std::optional<answer_result>)> done) {
  auto st = std::make_shared<lookup_state>();
  st->req = req;
  st->key = cache_key_for(req);
  st->io = std::move(io);
  st->done = std::move(done);
  try {
    st->embedding = docs_.embedding_model().embed(req.query);
  } catch (const std::exception&) {
    st->done(std::nullopt);
    return;
  }
  if (!req.use_cache) {
    counters_.cache_misses.fetch_add(1, std::memory_order_relaxed);
    generate(st->req, st->embedding, st->io, [st](std::optional<std::string> body) {
      if (!body) return st->done(std::nullopt);
      st->done(answer_result{with_tier(*body, "miss"), "miss"});
    });
    return;
  }
  if (blocking_pool_) {
    blocking_pool_->post([this, st] { lookup_then_answer(st); });
  } else {
    lookup_then_answer(st);
  }
}

void answer_service::lookup_then_answer(std::shared_ptr<lookup_state> st) {
  std::optional<cache_hit> hit;
  try {
    hit = answers_.lookup(st->as_cache_key());
  } catch (const std::exception&) {
    // A cache that fails is a miss, never an error for the client.
  }
  if (hit) {
    counters_.cache_hits.fetch_add(1, std::memory_order_relaxed);
    st->done(answer_result{with_tier(hit->value, hit->tier), std::string(hit->tier)});
    return;
  }
  counters_.cache_misses.fetch_add(1, std::memory_order_relaxed);
  bool leader = flights_.join(st->key.text, [st](const std::string& value, bool ok) {
    if (!ok) return st->done(std::nullopt);
    st->done(answer_result{with_tier(value, "miss"), "miss"});
  });
  if (!leader) {
    counters_.coalesced.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::uint64_t version = docs_.version();
  generate(st->req, st->embedding, st->io, [this, st, version](std::optional<std::string> body) {
    if (!body) return flights_.complete(st->key.text, {}, false);
    if (blocking_pool_) {
      blocking_pool_->post([this, st, version, body = std::move(*body)]() mutable {
        store_then_complete(st, version, std::move(body));
      });
    } else {
      store_then_complete(st, version, std::move(*body));
    }
  });
}

void answer_service::store_then_complete(std::shared_ptr<lookup_state> st, std::uint64_t version, std::string body) {
  // An answer computed over a corpus that changed meanwhile may cite deleted chunks: serve it
  // to the requests already waiting, but do not cache it.
  if (docs_.version() == version) {
    try {
      answers_.put(st->as_cache_key(), body, ttl_);
      // A change that landed between the check and the put has already invalidated the
      // cache; drop what we just stored rather than serve it stale.
      if (docs_.version() != version) answers_.invalidate_all();
    } catch (const std::exception&) {
      // Not cached this time; the answer itself is fine.
    }
  }
  flights_.complete(st->key.text, body, true);
}

}  // namespace ragbench::server
