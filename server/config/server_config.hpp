#pragma once
// Every ragserver setting with its default. Built by parse_server_config (config_parser.hpp) from
// defaults < YAML file < RAGSERVER_* environment < command line; the table of names, meanings and
// parsers is setting_table.cpp. Plain value type: copy it, pass it as `const server_config&`.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "server/ratelimit/rate_limit.hpp"

namespace ragbench::server {

// host:port; "[::1]:8080" for IPv6. Port 0 = let the OS pick a free port.
struct listen_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string to_string() const;  // "127.0.0.1:8080", "[::1]:0"
  bool operator==(const listen_address&) const = default;
};

// Fault injection for front-end development (--inject-latency, --inject-errors). `route` is a route
// pattern ("/v1/search", "/v1/documents/{id}") or empty for every /v1 route.
struct latency_fault {
  std::string route;
  std::chrono::nanoseconds min{0}, max{0};  // uniform in [min, max]; min == max: fixed
  bool operator==(const latency_fault&) const = default;
};
struct error_fault {
  std::string route;
  double fraction = 0;  // 0..1 of the route's requests answered 503 `injected_fault`
  bool operator==(const error_fault&) const = default;
};

// Number of hardware threads, at least 1.
inline unsigned hardware_cores() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

struct server_config {
  // Network and process
  listen_address listen;
  std::string data_dir = "./data";
  unsigned threads = hardware_cores();          // I/O threads
  unsigned compute_threads = hardware_cores();  // embedding / search / store pool
  ragbench::log_level log_level = ragbench::log_level::info;

  // Strategies (valid names: each kind's factory, e.g. store_strategy_names() in store_factory.hpp)
  std::string store = "sqlite";
  std::vector<std::string> cache = {"lru"};  // ordered tiers, first checked first
  std::string index = "hnsw";
  std::string redis_url;     // empty = not configured
  std::string postgres_url;  // empty = not configured

  // Connection pools for PostgreSQL and Redis (server/pool/pool_options.hpp has the semantics)
  std::string pool = "fixed";
  std::size_t pool_min = 2;
  std::size_t pool_max = 20;
  std::size_t pool_overflow = 10;
  std::chrono::nanoseconds pool_timeout = std::chrono::seconds(30);
  std::chrono::nanoseconds pool_idle_timeout = std::chrono::seconds(20);
  std::chrono::nanoseconds pool_max_lifetime = std::chrono::seconds(3600);
  std::chrono::nanoseconds pool_preping_after = std::chrono::seconds(5);
  std::chrono::nanoseconds connect_timeout = std::chrono::seconds(10);

  // Simulated LLM
  double llm_scale = 1.0;  // multiplies all LLM delays; 0 = no waiting
  std::chrono::nanoseconds llm_ttft = std::chrono::milliseconds(250);
  std::chrono::nanoseconds llm_inter_token = std::chrono::milliseconds(15);  // ~66 tokens/s
  std::size_t llm_answer_tokens = 32;  // with the above: ~0.73 s per answer (p95 ~0.85 s)
  std::uint64_t llm_seed = 42;
  double llm_ttft_spread = 0.25;         // lognormal sigma of the TTFT (0 = constant)
  double llm_inter_token_spread = 0.35;  // lognormal sigma of the inter-token delay (0 = constant)
  std::size_t llm_tokens_per_event_min = 1;  // tokens per streamed event, uniform in [min, max]
  std::size_t llm_tokens_per_event_max = 1;
  std::size_t llm_decode_slots = 0;     // streams generating at once; 0 = unlimited
  std::size_t llm_queue_max = 1024;     // requests waiting for a slot before 503
  std::string llm_model_name = "ragserver-sim";  // the model id of /v1/chat/completions and /v1/models

  // Embedding and chunking
  std::size_t embed_dim = 384;
  std::size_t chunk_size = 800;     // in chunk_unit
  std::size_t chunk_overlap = 100;  // in chunk_unit, < chunk_size
  std::string chunk_unit = "chars";

  // Cache
  std::size_t cache_capacity = 1000;  // entries per process (all shards)
  std::chrono::nanoseconds cache_ttl = std::chrono::seconds(60);
  std::size_t cache_shards = 16;
  std::chrono::nanoseconds redis_ttl = std::chrono::seconds(300);      // seed L2
  std::chrono::nanoseconds semantic_ttl = std::chrono::seconds(3600);  // seed L3
  // Cosine similarity for a semantic hit. The seeds say 0.85; bench/semantic_eval_bench on the sample
  // corpus's labelled pairs gives 0.86 as the highest paraphrase hit rate (50 %) with near-miss false
  // hits <= 5 % (3.3 %); docs/ragserver-caches.md has the table.
  double semantic_threshold = 0.86;
  std::size_t semantic_capacity = 10'000;
  // Query embeddings kept in front of the embedder (seed 000's EmbeddingCache: 10 000); 0 = none.
  std::size_t embedding_cache_capacity = 10'000;
  std::string warm_queries;  // file of queries answered at start, before readiness; empty = none

  // Index
  // Chosen by measurement on the sample corpus (bench/index_bench.cpp has the grid): the seeds'
  // m=16/ef_construct=100 reach only ~0.92 recall@10 at this ef; these give 0.957 at ~117 us/search.
  std::size_t hnsw_m = 24;
  std::size_t hnsw_ef_construction = 200;
  std::size_t hnsw_ef_search = 150;
  std::size_t hnsw_full_scan_threshold = 1000;  // below this many vectors, search exactly

  // HTTP limits and timeouts
  std::uint64_t body_limit = 16ull * 1024 * 1024;  // bytes
  std::chrono::nanoseconds header_timeout = std::chrono::seconds(10);
  std::chrono::nanoseconds read_timeout = std::chrono::seconds(30);
  std::chrono::nanoseconds idle_timeout = std::chrono::seconds(60);
  std::chrono::nanoseconds write_timeout = std::chrono::seconds(30);  // also: HTTP/2 DATA held up this long
  bool gzip = true;

  // TLS and HTTP/2
  std::string tls_cert;  // PEM certificate chain; with tls_key, the listener speaks TLS only
  std::string tls_key;   // PEM private key
  bool http2 = true;     // accept HTTP/2 (h2c prior knowledge, Upgrade: h2c, ALPN h2 with TLS)
  std::size_t h2_max_concurrent_streams = 128;
  std::uint64_t h2_buffer_limit = 16ull * 1024 * 1024;  // unsent response bytes per connection

  // Rate limits (server/ratelimit/): off by default, so load tests are not throttled by accident.
  std::string rate_limits = "off";                                 // off | seed
  rate_limit rate_limit_chat{20, std::chrono::minutes(1)};         // seed 002
  rate_limit rate_limit_auth{5, std::chrono::minutes(15)};
  rate_limit rate_limit_upload{5, std::chrono::minutes(1)};
  rate_limit rate_limit_search{30, std::chrono::minutes(1)};
  std::string rate_limit_store = "auto";    // auto (redis when redis_url is set) | memory | redis
  std::string rate_limit_key = "token";     // token (bearer token, else address) | address
  std::size_t rate_limit_max_buckets = 100'000;
  std::string trust_forwarded_for;          // proxies whose X-Forwarded-For is believed; empty = none

  // Uploads and background jobs
  std::uint64_t async_upload_threshold = 256 * 1024;  // bytes; larger uploads return 202 + job
  std::size_t index_workers = 2;
  std::chrono::nanoseconds shutdown_grace = std::chrono::seconds(10);

  // Users, sessions and conversations (seed 004; server/auth/, docs/ragserver-api.md)
  std::string auth = "off";  // off | optional | required (server/auth/auth_mode.hpp)
  std::chrono::nanoseconds token_ttl = std::chrono::hours(24);
  std::uint64_t password_opslimit = 2;             // Argon2id passes: libsodium's interactive level
  std::uint64_t password_memlimit = 64ull << 20;   // Argon2id memory: libsodium's interactive level
  std::size_t context_tokens = 4000;               // prompt window of a conversation message

  // Browser front ends (docs/ragserver-api.md, "Browser front ends")
  std::vector<std::string> cors_origins;  // empty: no CORS headers; {"*"}: any origin (never credentials)
  std::chrono::nanoseconds cors_max_age = std::chrono::minutes(10);
  std::string docs_assets;  // swagger-ui-dist folder for /docs; empty: the one ci/setup.sh installs
  bool dev = false;        // --dev: sample corpus in the background, CORS *, auth off, memory store
  std::string dev_corpus;  // documents.jsonl for --dev; empty: corpus/documents.jsonl beside bin/
  std::vector<latency_fault> inject_latency;
  std::vector<error_fault> inject_errors;
};

}  // namespace ragbench::server
