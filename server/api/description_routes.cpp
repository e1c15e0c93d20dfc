// GET /openapi.json: the API's OpenAPI 3.1 description (docs/openapi.json, compiled in).
#include "server/api/openapi_document.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {

void add_description_routes(router& r) {
  r.add("GET", "/openapi.json", [](request, handler_context, respond_fn respond) {
    response res;
    res.status = 200;
    res.set_header("content-type", "application/json");
    res.set_header("cache-control", "no-cache");
    res.body = std::string(openapi_document());
    respond(std::move(res));
  });
}

}  // namespace ragbench::server
