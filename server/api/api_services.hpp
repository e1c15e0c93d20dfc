#pragma once
// What the routes need, passed explicitly (no globals): the corpus, the job runner, the answer
// path, the compute pool for blocking work, health probes, the metrics text, API settings and
// the simulated generation's decode slots, users and conversations.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "server/auth/auth_mode.hpp"
#include "server/auth/auth_service.hpp"
#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/compute_pool.hpp"
#include "server/pipeline/conversation_service.hpp"
#include "server/pipeline/corpus.hpp"
#include "server/pipeline/generation_services.hpp"
#include "server/pipeline/indexing_jobs.hpp"
#include "server/pipeline/readiness.hpp"

namespace ragbench::server {

struct api_settings {
  std::size_t async_upload_threshold_bytes = 256 * 1024;  // larger uploads answer 202 + job
  std::size_t default_k = 5;
  std::string model_name = "ragserver-sim";  // the one model /v1/chat/completions serves
  std::int64_t model_created_unix = 0;       // /v1/models "created" (the server's start time)
  std::string docs_assets_dir;               // swagger-ui-dist's folder, served at /docs
};

// One dependency's health for /health/detailed.
struct dependency_status {
  std::string name;      // "store", "cache", "index"
  std::string strategy;  // "sqlite", "lru", "hnsw", ...
  bool required = true;  // a required dependency that is down makes the server not ready (503)
  bool up = true;
  double check_ms = 0;
  std::string detail;    // e.g. "1234 vectors", or the failure message
};

struct api_services {
  corpus& docs;
  indexing_jobs& jobs;
  answer_service& answers;
  compute_pool& compute;
  const logger& log;
  api_settings settings;
  // Probes every dependency (may block briefly: called on the compute pool).
  std::function<std::vector<dependency_status>()> check_dependencies;
  // Renders the Prometheus exposition text.
  std::function<std::string()> render_metrics;
  // Decode slots, clock and stream histograms for /v1/chat and /v1/chat/completions.
  generation_services& generation;
  // Users, tokens and conversations (/v1/auth/*, /v1/conversations*); --auth.
  auth_service& auth;
  conversation_service& conversations;
  auth_mode auth_policy = auth_mode::off;
  // Start-up work still running (cache warming): /health/detailed is 503 until it is done. Null = none.
  const readiness* startup = nullptr;
};

}  // namespace ragbench::server
