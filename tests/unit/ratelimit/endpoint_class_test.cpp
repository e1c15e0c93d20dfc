// The route -> endpoint class table, including routes that do not exist yet (/v1/auth/...).
#include <catch2/catch.hpp>

#include "server/ratelimit/endpoint_class.hpp"

using namespace ragbench::server;

TEST_CASE("routes map onto the seed's endpoint classes", "[ratelimit][classes]") {
  CHECK(classify("POST", "/v1/query") == endpoint_class::chat);
  CHECK(classify("POST", "/v1/chat") == endpoint_class::chat);
  CHECK(classify("POST", "/v1/chat/completions") == endpoint_class::chat);
  CHECK(classify("POST", "/v1/conversations/{id}/messages") == endpoint_class::chat);
  CHECK(classify("POST", "/v1/conversations/{conversation_id}/messages") == endpoint_class::chat);
  CHECK(classify("POST", "/v1/auth/login") == endpoint_class::auth);
  CHECK(classify("POST", "/v1/auth/register") == endpoint_class::auth);
  CHECK(classify("GET", "/v1/auth/whatever/{x}") == endpoint_class::auth);
  CHECK(classify("POST", "/v1/documents") == endpoint_class::upload);
  CHECK(classify("POST", "/v1/search") == endpoint_class::search);
  for (auto cls : all_endpoint_classes) CHECK_FALSE(to_string(cls).empty());
  CHECK(to_string(endpoint_class::auth) == "auth");
}

TEST_CASE("reads, health and metrics are in no class", "[ratelimit][classes]") {
  CHECK_FALSE(classify("GET", "/health"));
  CHECK_FALSE(classify("GET", "/health/detailed"));
  CHECK_FALSE(classify("GET", "/metrics"));
  CHECK_FALSE(classify("GET", "/v1/documents"));
  CHECK_FALSE(classify("GET", "/v1/documents/{id}"));
  CHECK_FALSE(classify("DELETE", "/v1/documents/{id}"));
  CHECK_FALSE(classify("GET", "/v1/jobs/{id}"));
  CHECK_FALSE(classify("GET", "/v1/models"));
  CHECK_FALSE(classify("GET", "/v1/conversations"));
  CHECK_FALSE(classify("POST", "/v1/conversations"));
  CHECK_FALSE(classify("GET", "/v1/conversations/{id}/messages"));
  CHECK_FALSE(classify("POST", "/v1/conversations/{id}"));
  CHECK_FALSE(classify("POST", "/v1/authx"));
  CHECK_FALSE(classify("GET", "/v1/search"));
  CHECK_FALSE(classify("POST", "unmatched"));
}
