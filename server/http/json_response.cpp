// JSON responses and the shared error body.
#include "server/http/json_response.hpp"

namespace ragbench::server {

response json_response(unsigned status, const nlohmann::json& body) {
  response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

response json_error(unsigned status, std::string_view code, std::string_view message) {
  nlohmann::json body;
  body["error"] = {{"code", code}, {"message", message}};
  return json_response(status, body);
}

}  // namespace ragbench::server
