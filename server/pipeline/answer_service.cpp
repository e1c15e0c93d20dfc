// answer_service: cache -> single flight -> retrieve + plan -> timer for the simulated
// generation time -> cache put (unless the corpus changed meanwhile) -> every waiter answered.
#include "server/pipeline/answer_service.hpp"

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
                               std::chrono::milliseconds ttl)
    : docs_(docs), answers_(answers), llm_(llm), ttl_(ttl) {}

std::string answer_service::cache_key_for(const answer_request& req) {
  std::string key = "query|k=" + std::to_string(req.k);
  if (req.document_id) key += "|doc=" + std::to_string(*req.document_id);
  key += "|";
  key += normalise(req.query);
  return key;
}

prepared_answer answer_service::prepare(const answer_request& req) const {
  prepared_answer out;
  auto vec = docs_.embedding_model().embed(req.query);
  out.chunks = docs_.retrieve(vec, req.k, req.document_id);
  std::vector<context_chunk> sources;
  sources.reserve(out.chunks.size());
  for (const auto& c : out.chunks) sources.push_back({c.chunk_id, *c.text});
  out.plan = llm_.plan(req.query, sources);
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

void answer_service::generate(const answer_request& req, boost::asio::any_io_executor io,
                              std::function<void(std::optional<std::string>)> rendered) {
  std::shared_ptr<prepared_answer> prepared;
  try {
    prepared = std::make_shared<prepared_answer>(prepare(req));
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

void answer_service::answer(const answer_request& req, boost::asio::any_io_executor io,
                            std::function<void(std::optional<answer_result>)> done) {
  std::string key = cache_key_for(req);
  if (req.use_cache) {
    if (auto hit = answers_.get({key, {}})) {
      counters_.cache_hits.fetch_add(1, std::memory_order_relaxed);
      done(answer_result{with_tier(*hit, answers_.name()), std::string(answers_.name())});
      return;
    }
  }
  counters_.cache_misses.fetch_add(1, std::memory_order_relaxed);
  if (!req.use_cache) {
    generate(req, io, [done = std::move(done)](std::optional<std::string> body) {
      if (!body) return done(std::nullopt);
      done(answer_result{with_tier(*body, "miss"), "miss"});
    });
    return;
  }
  bool leader = flights_.join(key, [done = std::move(done)](const std::string& value, bool ok) {
    if (!ok) return done(std::nullopt);
    done(answer_result{with_tier(value, "miss"), "miss"});
  });
  if (!leader) {
    counters_.coalesced.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::uint64_t version = docs_.version();
  generate(req, io, [this, key, version](std::optional<std::string> body) {
    if (!body) return flights_.complete(key, {}, false);
    // An answer computed over a corpus that changed meanwhile may cite deleted chunks: serve it
    // to the requests already waiting, but do not cache it.
    if (docs_.version() == version) {
      answers_.put({key, {}}, *body, ttl_);
      // A change that landed between the check and the put has already invalidated the
      // cache; drop what we just stored rather than serve it stale.
      if (docs_.version() != version) answers_.invalidate_all();
    }
    flights_.complete(key, *body, true);
  });
}

}  // namespace ragbench::server
