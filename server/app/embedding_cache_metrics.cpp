// register_embedding_cache_metrics: callback families over cached_embedder::stats().
#include "server/app/embedding_cache_metrics.hpp"

namespace ragbench::server {

void register_embedding_cache_metrics(metrics_registry& registry, const cached_embedder& embedder) {
  registry.add_callback_family("embedding_cache_requests_total", "Query embeddings asked of the embedding cache",
                               metric_type::counter, {"result"}, [&embedder] {
                                 const auto s = embedder.stats();
                                 return std::vector<labelled_value>{{{"hit"}, static_cast<double>(s.hits)},
                                                                    {{"miss"}, static_cast<double>(s.misses)}};
                               });
  registry.add_callback_gauge("embedding_cache_entries", "Query embeddings held by the embedding cache",
                              [&embedder] { return static_cast<double>(embedder.stats().entries); });
  registry.add_callback_gauge("embedding_cache_capacity", "The bound on the embedding cache's entries",
                              [&embedder] { return static_cast<double>(embedder.capacity()); });
  registry.add_callback_counter("embedding_cache_evictions_total",
                                "Embeddings dropped to keep the embedding cache within its bound",
                                [&embedder] { return static_cast<double>(embedder.stats().evictions); });
}

}  // namespace ragbench::server
