#pragma once
// The whole ragserver object graph, built from a server_config: store, index, embedder, chunker,
// LLM simulator, cache, corpus, job runner, answer service, routes, metrics and the HTTP server.
// main.cpp only parses the config, constructs this, starts it and waits for a signal.
#include <atomic>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "server/api/api_services.hpp"
#include "server/app/dev_corpus.hpp"
#include "server/app/http_metrics.hpp"
#include "server/auth/auth_service.hpp"
#include "server/app/periodic_task.hpp"
#include "server/cache/cache_stack.hpp"
#include "server/config/server_config.hpp"
#include "server/http/http_server.hpp"
#include "server/http/router.hpp"
#include "server/index/vector_index.hpp"
#include "server/metrics/metrics_registry.hpp"
#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/cache_warmer.hpp"
#include "server/pipeline/compute_pool.hpp"
#include "server/pipeline/conversation_service.hpp"
#include "server/pipeline/corpus.hpp"
#include "server/pipeline/generation_services.hpp"
#include "server/pipeline/indexing_jobs.hpp"
#include "server/pipeline/readiness.hpp"
#include "server/pool/pooled_backend.hpp"
#include "server/rag/cached_embedder.hpp"
#include "server/rag/chunker.hpp"
#include "server/rag/decode_scheduler.hpp"
#include "server/rag/feature_hash_embedder.hpp"
#include "server/rag/llm_simulator.hpp"
#include "server/ratelimit/rate_limit_guard.hpp"
#include "server/ratelimit/rate_limiter.hpp"
#include "server/store/document_store.hpp"

namespace ragbench::server {

class ragserver_app {
 public:
  // Builds every component. Throws std::invalid_argument (bad setting) or store_error (the store
  // cannot be opened) with a message for the operator.
  explicit ragserver_app(const server_config& config);
  ~ragserver_app();
  ragserver_app(const ragserver_app&) = delete;
  ragserver_app& operator=(const ragserver_app&) = delete;

  // Rebuilds the index from the store, resumes unfinished jobs, binds and starts serving, then
  // starts warming the caches (--warm-queries) in the background: /health/detailed says
  // "warming" (503) until it is done. Returns the bound port. Logs what it loaded.
  unsigned short start();
  // Graceful shutdown: stop accepting, drain in-flight requests up to the configured grace,
  // stop the job workers (queued jobs stay queued in the store). Idempotent.
  void stop();

  const std::string& host() const { return config_.listen.host; }

 private:
  std::vector<dependency_status> check_dependencies();
  void register_cache_metrics();
  void register_transport_metrics();  // accept errors and reclaimed connections (after http_ exists)
  void set_up_rate_limits();          // the limiter, the router guard, its pool; logs the policy

  server_config config_;
  logger log_;
  steady_clock_source clock_;
  metrics_registry metrics_;
  std::unique_ptr<document_store> store_;
  std::unique_ptr<vector_index> index_;
  feature_hash_embedder embedder_;
  std::unique_ptr<cached_embedder> query_embedder_;  // the embedding cache; null when capacity is 0
  chunker chunker_;
  llm_simulator llm_;
  cache_stack cache_;
  std::vector<pooled_backend*> pooled_;  // the store and cache tiers that own connection pools
  std::atomic<bool> serving_{false};  // set after the start-up rebuild: corpus changes invalidate
  corpus corpus_;
  compute_pool compute_;
  indexing_jobs jobs_;
  answer_service answers_;
  decode_scheduler decode_slots_;                    // before http_: streams hold its tickets
  auth_service auth_;
  conversation_service conversations_;
  std::unique_ptr<generation_services> generation_;
  std::unique_ptr<api_services> services_;
  router router_;
  std::unique_ptr<rate_limiter> limiter_;        // null when rate limits are off
  std::unique_ptr<rate_limit_guard> rate_guard_;
  readiness startup_;
  std::unique_ptr<cache_warmer> warmer_;         // null without --warm-queries
  std::unique_ptr<http_metrics> http_metrics_;
  std::unique_ptr<http_server> http_;
  std::unique_ptr<dev_corpus> dev_corpus_;        // --dev: the sample corpus loading in the background
  std::unique_ptr<periodic_task> pool_upkeep_;  // store and cache pools, once a second while serving
  bool stopped_ = false;
};

}  // namespace ragbench::server
