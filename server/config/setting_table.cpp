// The settings table and the small builders that turn a server_config member into a table row.
#include "server/config/setting_table.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>

#include "common/edit_distance.hpp"
#include "common/log.hpp"
#include "common/name_table.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/config/account_settings.hpp"
#include "server/config/frontend_settings.hpp"
#include "server/config/value_parsers.hpp"
#include "server/index/index_factory.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/ratelimit/rate_limiter_factory.hpp"
#include "server/ratelimit/trusted_proxies.hpp"
#include "server/rag/chunker.hpp"
#include "server/store/store_factory.hpp"

namespace ragbench::server {
namespace {

using std::chrono::nanoseconds;
constexpr std::uint64_t k_max_count = 1'000'000'000;

// "300ms", "60s", "90s": the largest unit up to seconds that represents the value exactly.
std::string exact_duration_text(nanoseconds d) {
  const std::int64_t ns = d.count();
  constexpr std::pair<std::int64_t, const char*> units[] = {
      {1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
  for (const auto& [scale, unit] : units) {
    if (ns != 0 && ns % scale == 0) return std::to_string(ns / scale) + unit;
  }
  return ns == 0 ? "0s" : std::to_string(ns) + "ns";
}

template <class T>
setting integer(std::string_view name, T server_config::*field, std::uint64_t min, std::uint64_t max,
                const std::string& meaning, std::string_view note = {}) {
  return {name, "INT", meaning, note, false,
          [=](server_config& c, std::string_view v) { c.*field = static_cast<T>(parse_integer_value(v, min, max)); },
          [=](const server_config& c) { return std::to_string(c.*field); }};
}

setting duration(std::string_view name, nanoseconds server_config::*field, nanoseconds min, const std::string& meaning) {
  return {name, "DURATION", meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = parse_duration_value(v, min); },
          [=](const server_config& c) { return exact_duration_text(c.*field); }};
}

setting size(std::string_view name, std::uint64_t server_config::*field, std::uint64_t min, const std::string& meaning) {
  return {name, "SIZE", meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = parse_size_value(v, min); },
          [=](const server_config& c) {
            const std::uint64_t b = c.*field;
            if (b != 0 && b % (1024 * 1024) == 0) return std::to_string(b / (1024 * 1024)) + "MiB";
            if (b != 0 && b % 1024 == 0) return std::to_string(b / 1024) + "KiB";
            return std::to_string(b);
          }};
}

setting text(std::string_view name, std::string_view placeholder, std::string server_config::*field,
             const std::string& meaning) {
  return {name, placeholder, meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = std::string(v); },
          [=](const server_config& c) { return c.*field; }};
}

setting number(std::string_view name, double server_config::*field, double min, double max, const std::string& meaning) {
  return {name, "NUMBER", meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = parse_number_value(v, min, max); },
          [=](const server_config& c) {
            std::string out = std::to_string(c.*field);
            while (out.size() > 1 && out.back() == '0' && out[out.size() - 2] != '.') out.pop_back();
            return out;
          }};
}

// `names`: a kind's list from its factory (static storage).
setting choice(std::string_view name, std::string server_config::*field, std::span<const std::string_view> names,
               const std::string& meaning) {
  return {name, "NAME", meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = parse_choice_value(v, names); },
          [=](const server_config& c) { return c.*field; }};
}

constexpr std::string_view k_rate_limit_modes[] = {"off", "seed"};
constexpr std::string_view k_rate_limit_keys[] = {"token", "address"};

setting limit(std::string_view name, rate_limit server_config::*field, const std::string& meaning) {
  return {name, "LIMIT", meaning, {}, false,
          [=](server_config& c, std::string_view v) { c.*field = parse_rate_limit(v); },
          [=](const server_config& c) { return to_string(c.*field); }};
}

std::vector<setting> build_table() {
  using c = server_config;
  std::vector<setting> t;
  t.push_back({"listen", "HOST:PORT", "Address to listen on; port 0 picks a free port.", {}, false,
               [](c& s, std::string_view v) { s.listen = parse_listen_value(v); },
               [](const c& s) { return s.listen.to_string(); }});
  t.push_back(text("data_dir", "DIR", &c::data_dir, "Directory for the SQLite database and other files."));
  t.push_back(integer("threads", &c::threads, 1, 1024, "HTTP I/O threads.", "number of CPU cores"));
  t.push_back(integer("compute_threads", &c::compute_threads, 1, 1024,
                      "Threads for embedding, index search and store access.", "number of CPU cores"));
  t.push_back({"log_level", "LEVEL", "Log level: " + join_names(log_level_names()) + ".", {}, false,
               [](c& s, std::string_view v) { parse_log_level(parse_choice_value(v, log_level_names()), s.log_level); },
               [](const c& s) { return std::string(log_level_names()[static_cast<std::size_t>(s.log_level)]); }});
  t.push_back(choice("store", &c::store, store_strategy_names(),
                     "Document store: " + join_names(store_strategy_names()) + "."));
  t.push_back({"cache", "TIERS", "Query cache tiers, comma-separated, first checked first: " + join_names(cache_strategy_names()) + ".", {}, false,
               [](c& s, std::string_view v) { s.cache = parse_cache_tiers_value(v); },
               [](const c& s) {
                 std::string out;
                 for (const auto& tier : s.cache) out += (out.empty() ? "" : ",") + tier;
                 return out;
               }});
  t.push_back(choice("index", &c::index, index_strategy_names(),
                     "Vector index: " + join_names(index_strategy_names()) + "."));
  t.push_back(text("redis_url", "URL", &c::redis_url, "Redis server for the redis cache tier, e.g. redis://127.0.0.1:6379."));
  t.push_back(text("postgres_url", "URL", &c::postgres_url, "PostgreSQL connection string for the postgres store."));
  t.push_back(choice("pool", &c::pool, pool_strategy_names(),
                     "Connection pool for PostgreSQL and Redis: " + join_names(pool_strategy_names()) + "."));
  t.push_back(integer("pool_min", &c::pool_min, 0, 100'000, "elastic pool: connections kept open."));
  t.push_back(integer("pool_max", &c::pool_max, 1, 100'000, "fixed/elastic pool: connections kept in the pool."));
  t.push_back(integer("pool_overflow", &c::pool_overflow, 0, 100'000,
                      "elastic pool: extra connections beyond pool_max, closed on release."));
  t.push_back(duration("pool_timeout", &c::pool_timeout, nanoseconds(1'000'000),
                       "Longest wait for a pooled connection before answering 503."));
  t.push_back(duration("pool_idle_timeout", &c::pool_idle_timeout, nanoseconds(1'000'000),
                       "elastic pool: idle connections above pool_min close after this."));
  t.push_back(duration("pool_max_lifetime", &c::pool_max_lifetime, nanoseconds(0),
                       "Connections are retired after this age (with 10% jitter); 0 = never."));
  t.push_back(duration("pool_preping_after", &c::pool_preping_after, nanoseconds(0),
                       "Ping a pooled connection before use when it was idle longer than this."));
  t.push_back(duration("connect_timeout", &c::connect_timeout, nanoseconds(1'000'000),
                       "Timeout of one connection attempt to PostgreSQL or Redis."));
  t.push_back(number("llm_scale", &c::llm_scale, 0, 1e6, "Multiplier for all simulated LLM delays; 0 = no waiting."));
  t.push_back(duration("llm_ttft", &c::llm_ttft, nanoseconds(0), "Simulated LLM time to first token (mean)."));
  t.push_back(duration("llm_inter_token", &c::llm_inter_token, nanoseconds(0),
                       "Simulated LLM delay between tokens (mean)."));
  t.push_back(integer("llm_answer_tokens", &c::llm_answer_tokens, 1, 100'000, "Tokens in each simulated answer."));
  t.push_back(integer("llm_seed", &c::llm_seed, 0, std::numeric_limits<std::uint64_t>::max(),
                      "Seed of the LLM simulator's random delays."));
  t.push_back(number("llm_ttft_spread", &c::llm_ttft_spread, 0, 4,
                     "Lognormal sigma of the simulated time to first token; 0 = always the mean."));
  t.push_back(number("llm_inter_token_spread", &c::llm_inter_token_spread, 0, 4,
                     "Lognormal sigma of the simulated delay between tokens; 0 = always the mean."));
  t.push_back({"llm_tokens_per_event", "MIN[..MAX]",
               "Tokens per streamed event (/v1/chat token, /v1/chat/completions chunk): a fixed count (3), or drawn "
               "uniformly per event from MIN..MAX (1..4, seeded); the last event carries what is left.",
               {}, false,
               [](c& s, std::string_view v) {
                 auto [lo, hi] = parse_integer_range_value(v, 1, 65'536);
                 s.llm_tokens_per_event_min = lo;
                 s.llm_tokens_per_event_max = hi;
               },
               [](const c& s) {
                 const std::string lo = std::to_string(s.llm_tokens_per_event_min);
                 return s.llm_tokens_per_event_min == s.llm_tokens_per_event_max
                            ? lo
                            : lo + ".." + std::to_string(s.llm_tokens_per_event_max);
               }});
  t.push_back(integer("llm_decode_slots", &c::llm_decode_slots, 0, 1'000'000,
                      "Simulated answers generated at once (/v1/chat, /v1/chat/completions); others wait in a "
                      "queue, so time to first token grows under load. 0 = unlimited."));
  t.push_back(integer("llm_queue_max", &c::llm_queue_max, 0, k_max_count,
                      "Requests that may wait for a decode slot; beyond it they get 503. Used with llm_decode_slots."));
  t.push_back({"llm_model_name", "NAME", "Model id served by /v1/chat/completions and listed by /v1/models.", {}, false,
               [](c& s, std::string_view v) { s.llm_model_name = parse_name_value(v); },
               [](const c& s) { return s.llm_model_name; }});
  t.push_back(integer("embed_dim", &c::embed_dim, 1, 65'536, "Embedding dimensions."));
  t.push_back(integer("chunk_size", &c::chunk_size, 1, k_max_count, "Chunk length, in chunk_unit."));
  t.push_back(integer("chunk_overlap", &c::chunk_overlap, 0, k_max_count,
                      "Overlap between consecutive chunks, in chunk_unit; less than chunk_size."));
  t.push_back(choice("chunk_unit", &c::chunk_unit, chunk_unit_names(),
                     "Unit of chunk_size: " + join_names(chunk_unit_names()) + "."));
  t.push_back(integer("cache_capacity", &c::cache_capacity, 1, k_max_count, "Maximum entries in the in-process cache."));
  t.push_back(duration("cache_ttl", &c::cache_ttl, nanoseconds(1), "Time to live of a cached answer."));
  t.push_back(integer("cache_shards", &c::cache_shards, 1, 4096, "Lock shards of the in-process cache."));
  t.push_back(duration("redis_ttl", &c::redis_ttl, nanoseconds(1'000'000), "Time to live of an answer in the redis tier."));
  t.push_back(duration("semantic_ttl", &c::semantic_ttl, nanoseconds(1'000'000),
                       "Time to live of an answer in the semantic tier."));
  t.push_back(number("semantic_threshold", &c::semantic_threshold, 0, 1,
                     "Cosine similarity at or above which the semantic tier answers with a cached query's answer."));
  t.push_back(integer("semantic_capacity", &c::semantic_capacity, 1, k_max_count,
                      "Maximum queries held by the semantic tier."));
  t.push_back(integer("embedding_cache_capacity", &c::embedding_cache_capacity, 0, k_max_count,
                      "Query embeddings kept in front of the embedder (LRU, exact query text); 0 = no cache."));
  t.push_back(text("warm_queries", "FILE", &c::warm_queries,
                   "Queries answered at start, one per line, before /health/detailed turns ready (see "
                   "docs/ragserver-caches.md); empty = none."));
  t.push_back(integer("hnsw_m", &c::hnsw_m, 2, 256, "HNSW links per node (M)."));
  t.push_back(integer("hnsw_ef_construction", &c::hnsw_ef_construction, 1, 100'000, "HNSW ef at build time."));
  t.push_back(integer("hnsw_ef_search", &c::hnsw_ef_search, 1, 100'000, "HNSW ef at query time."));
  t.push_back(integer("hnsw_full_scan_threshold", &c::hnsw_full_scan_threshold, 0, k_max_count,
                      "Below this many vectors, search exactly instead of through HNSW."));
  t.push_back(size("body_limit", &c::body_limit, 1, "Largest accepted request body."));
  t.push_back(duration("header_timeout", &c::header_timeout, nanoseconds(1'000'000), "Time allowed to receive request headers."));
  t.push_back(duration("read_timeout", &c::read_timeout, nanoseconds(1'000'000), "Time allowed to receive a request body."));
  t.push_back(duration("idle_timeout", &c::idle_timeout, nanoseconds(1'000'000), "Keep-alive connection idle timeout."));
  t.push_back(duration("write_timeout", &c::write_timeout, nanoseconds(1'000'000),
                       "Time a response write may make no progress (HTTP/1.1: one socket write; HTTP/2: no DATA "
                       "let through by the client's flow-control window) before the connection is closed."));
  t.push_back({"gzip", "BOOL", "Gzip responses of 1 KB or more when the client accepts it.", {}, true,
               [](c& s, std::string_view v) { s.gzip = parse_bool_value(v); },
               [](const c& s) { return std::string(s.gzip ? "true" : "false"); }});
  t.push_back(text("tls_cert", "FILE", &c::tls_cert, "PEM certificate chain; with tls_key the listener speaks TLS (ALPN h2, http/1.1)."));
  t.push_back(text("tls_key", "FILE", &c::tls_key, "PEM private key for tls_cert."));
  t.push_back({"http2", "BOOL", "Accept HTTP/2: prior-knowledge h2c, Upgrade: h2c, and ALPN h2 with TLS.", {}, true,
               [](c& s, std::string_view v) { s.http2 = parse_bool_value(v); },
               [](const c& s) { return std::string(s.http2 ? "true" : "false"); }});
  t.push_back(integer("h2_max_concurrent_streams", &c::h2_max_concurrent_streams, 1, 1'000'000,
                      "HTTP/2 streams a client may have open at once on one connection."));
  t.push_back(size("h2_buffer_limit", &c::h2_buffer_limit, 0,
                   "Unsent HTTP/2 response bytes one connection may hold; past it new streams are refused "
                   "(RST_STREAM REFUSED_STREAM) until the client reads."));
  t.push_back(choice("rate_limits", &c::rate_limits, k_rate_limit_modes,
                     "Per-client rate limits by endpoint class: off, or seed (chat, auth, upload and search, each "
                     "set by its rate_limit_CLASS setting; docs/ragserver-api.md has the route table)."));
  t.push_back(limit("rate_limit_chat", &c::rate_limit_chat,
                    "Requests per window per client of the chat class (POST /v1/query, /v1/chat, "
                    "/v1/chat/completions, conversation messages), as N/WINDOW; off = unlimited."));
  t.push_back(limit("rate_limit_auth", &c::rate_limit_auth, "The same for the auth class (/v1/auth/...)."));
  t.push_back(limit("rate_limit_upload", &c::rate_limit_upload, "The same for the upload class (POST /v1/documents)."));
  t.push_back(limit("rate_limit_search", &c::rate_limit_search, "The same for the search class (POST /v1/search)."));
  t.push_back(choice("rate_limit_store", &c::rate_limit_store, rate_limiter_store_names(),
                     "Where the buckets live: memory (this process), redis (redis_url; shared by every "
                     "ragserver using that Redis), or auto: redis when redis_url is set, else memory."));
  t.push_back(choice("rate_limit_key", &c::rate_limit_key, k_rate_limit_keys,
                     "Who a bucket belongs to: token (the bearer token when there is one, else the client "
                     "address) or address."));
  t.push_back(integer("rate_limit_max_buckets", &c::rate_limit_max_buckets, 1, k_max_count,
                      "memory store: buckets kept at most (idle ones are dropped first; ~48 bytes each)."));
  t.push_back({"trust_forwarded_for", "CIDRS",
               "Proxies whose X-Forwarded-For is believed, as addresses or CIDR blocks (127.0.0.1,10.0.0.0/8): "
               "the client is the right-most hop that is not one of them. Empty = ignore the header.",
               {}, false,
               [](c& s, std::string_view v) {
                 trusted_proxies::parse(v);  // validates
                 s.trust_forwarded_for = std::string(v);
               },
               [](const c& s) { return s.trust_forwarded_for; }});
  t.push_back(size("async_upload_threshold", &c::async_upload_threshold, 0,
                   "Uploads larger than this return 202 and a background job."));
  t.push_back(integer("index_workers", &c::index_workers, 1, 1024, "Background indexing workers."));
  t.push_back(duration("shutdown_grace", &c::shutdown_grace, nanoseconds(0),
                       "Time in-flight requests get to finish on shutdown."));
  t.push_back(duration("extra_work", &c::extra_work, nanoseconds(0),
                       "Calibration only: CPU time burnt in every request before it is routed, a known slowdown "
                       "for testing regression gates (bench/gate_calibration.sh); 0s = off."));
  add_account_settings(t);
  add_frontend_settings(t);
  return t;
}

}  // namespace

std::string setting::flag() const {
  std::string out = "--" + std::string(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::string setting::env_var() const {
  std::string out = "RAGSERVER_" + std::string(name);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

const std::vector<setting>& server_settings() {
  static const std::vector<setting> table = build_table();
  return table;
}

const setting* find_setting(std::string_view name) {
  for (const auto& s : server_settings()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string_view suggest_setting(std::string_view name) {
  // What other servers call these (nginx, uvicorn, gunicorn, redis): a flag people type from habit.
  static constexpr std::pair<std::string_view, std::string_view> conventional[] = {
      {"port", "listen"}, {"host", "listen"}, {"bind", "listen"}, {"address", "listen"}, {"addr", "listen"},
      {"workers", "threads"}, {"cert", "tls_cert"}, {"certfile", "tls_cert"}, {"keyfile", "tls_key"},
      {"key", "tls_key"}, {"ssl_cert", "tls_cert"}, {"ssl_key", "tls_key"}, {"max_body_size", "body_limit"},
  };
  for (const auto& [habit, setting] : conventional) {
    if (name == habit) return setting;
  }
  std::string_view best;
  std::size_t best_distance = 3;
  for (const auto& s : server_settings()) {
    const std::size_t d = edit_distance(name, s.name);
    if (d < best_distance) {
      best_distance = d;
      best = s.name;
    }
  }
  if (best.empty() && name.size() >= 3) {
    for (const auto& s : server_settings()) {
      if (s.name.starts_with(name)) return s.name;
    }
  }
  return best;
}

}  // namespace ragbench::server
