#pragma once
// The OpenAPI 3.1 description of every route, served at GET /openapi.json: docs/openapi.json,
// compiled in by cmake/embed_text.cmake. Checked by a test against the registered routes and by
// Redocly's linter (tests/integration/server_frontend_test.cpp).
#include <string_view>

namespace ragbench::server {

std::string_view openapi_document();  // the JSON text; static storage

}  // namespace ragbench::server
