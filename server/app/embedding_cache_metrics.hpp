#pragma once
// The embedding cache on /metrics (read at scrape time from the cache's own counters):
//   embedding_cache_requests_total{result="hit|miss"}  counter, query embeddings asked for
//   embedding_cache_entries                             gauge, embeddings held
//   embedding_cache_capacity                            gauge, the bound on entries
//   embedding_cache_evictions_total                     counter, entries dropped to respect the bound
#include "server/metrics/metrics_registry.hpp"
#include "server/rag/cached_embedder.hpp"

namespace ragbench::server {

// `embedder` must outlive the registry's use of these callbacks.
void register_embedding_cache_metrics(metrics_registry& registry, const cached_embedder& embedder);

}  // namespace ragbench::server
