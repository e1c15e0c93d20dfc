#pragma once
// Registers every ragserver route on a router. Each family lives in its own file:
// health_routes.cpp (/health, /health/detailed, /metrics), document_routes.cpp (documents, jobs),
// retrieval_routes.cpp (/v1/search, /v1/query, /v1/chat), openai_routes.cpp (/v1/chat/completions,
// /v1/models), auth_routes.cpp (/v1/auth/*), conversation_routes.cpp (/v1/conversations*),
// description_routes.cpp (/openapi.json, /docs); then
// --auth's gate (bearer_auth.hpp) wraps the routes that do not check tokens themselves.
#include "server/api/api_services.hpp"
#include "server/api/bearer_auth.hpp"
#include "server/http/router.hpp"

#include <string>
#include <vector>

namespace ragbench::server {

// `services` must outlive the router.
void add_health_routes(router& r, api_services& services);
void add_document_routes(router& r, api_services& services);
void add_retrieval_routes(router& r, api_services& services);
void add_openai_routes(router& r, api_services& services);
void add_auth_routes(router& r, api_services& services);
void add_conversation_routes(router& r, api_services& services);
// GET /openapi.json, GET /docs and /docs/{file} (Swagger UI's files from `docs_assets_dir`, read now).
void add_description_routes(router& r, const std::string& docs_assets_dir);

// Every pattern add_all_routes registers, for metrics label sets.
inline std::vector<std::string> all_route_patterns() {
  return {"/health", "/health/detailed", "/metrics", "/v1/documents", "/v1/documents/{id}", "/v1/jobs/{id}",
          "/v1/search", "/v1/query", "/v1/chat", "/v1/chat/completions", "/v1/models", "/v1/models/{model}",
          "/v1/auth/register", "/v1/auth/login", "/v1/auth/logout", "/v1/conversations", "/v1/conversations/{id}",
          "/v1/conversations/{id}/messages", "/openapi.json", "/docs", "/docs/{file}"};
}

inline void add_all_routes(router& r, api_services& services) {
  add_health_routes(r, services);
  add_document_routes(r, services);
  add_retrieval_routes(r, services);
  add_openai_routes(r, services);
  add_auth_routes(r, services);
  add_conversation_routes(r, services);
  add_description_routes(r, services.settings.docs_assets_dir);
  add_auth_gate(r, services);
}

}  // namespace ragbench::server
