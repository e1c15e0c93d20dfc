// OpenAI-shaped error bodies (see openai_error.hpp).
#include "server/api/openai_error.hpp"

#include <nlohmann/json.hpp>

namespace ragbench::server {

std::string_view openai_error_type(unsigned status) {
  switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 429: return "rate_limit_error";
    case 503: return "service_unavailable_error";
    default: return status >= 500 ? "server_error" : "invalid_request_error";
  }
}

response openai_error_response(unsigned status, std::string_view code, std::string_view param,
                               std::string_view message) {
  nlohmann::json error = {{"message", message},
                          {"type", openai_error_type(status)},
                          {"param", nullptr},
                          {"code", code}};
  if (!param.empty()) error["param"] = param;
  return json_response(status, nlohmann::json{{"error", std::move(error)}});
}

response openai_overloaded(std::size_t queue_max) {
  response r = openai_error_response(503, "server_is_overloaded", {},
                                     "all decode slots are busy and " + std::to_string(queue_max) +
                                         " requests already wait (llm_queue_max); retry later");
  r.set_header("retry-after", "1");
  return r;
}

}  // namespace ragbench::server
