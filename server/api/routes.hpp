#pragma once
// Registers every ragserver route on a router. Each family lives in its own file:
// health_routes.cpp (/health, /health/detailed, /metrics), document_routes.cpp (documents, jobs),
// retrieval_routes.cpp (/v1/search, /v1/query, /v1/chat), openai_routes.cpp (/v1/chat/completions,
// /v1/models).
#include "server/api/api_services.hpp"
#include "server/http/router.hpp"

#include <string>
#include <vector>

namespace ragbench::server {

// `services` must outlive the router.
void add_health_routes(router& r, api_services& services);
void add_document_routes(router& r, api_services& services);
void add_retrieval_routes(router& r, api_services& services);
void add_openai_routes(router& r, api_services& services);

// Every pattern add_all_routes registers, for metrics label sets.
inline std::vector<std::string> all_route_patterns() {
  return {"/health", "/health/detailed", "/metrics", "/v1/documents", "/v1/documents/{id}", "/v1/jobs/{id}",
          "/v1/search", "/v1/query", "/v1/chat", "/v1/chat/completions", "/v1/models", "/v1/models/{model}"};
}

inline void add_all_routes(router& r, api_services& services) {
  add_health_routes(r, services);
  add_document_routes(r, services);
  add_retrieval_routes(r, services);
  add_openai_routes(r, services);
}

}  // namespace ragbench::server
