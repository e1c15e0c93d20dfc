// The JSON body shared by POST /v1/search, /v1/query and /v1/chat, read strictly.
#include "server/api/retrieval_request.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>

#include "server/api/api_error.hpp"
#include "server/api/json_body.hpp"

namespace ragbench::server {
namespace {

constexpr std::size_t min_query = 3, max_query = 1000;
constexpr std::int64_t min_k = 1, max_k = 100;

}  // namespace

answer_request read_retrieval(const request& req, std::size_t default_k, std::initializer_list<std::string_view> allowed,
                              std::uint64_t* conversation) {
  auto body = parse_json_object(req);
  reject_unknown_fields(body, allowed);
  answer_request out;
  out.query = require_string(body, "query", min_query, max_query);
  out.k = static_cast<std::size_t>(optional_int(body, "k", min_k, max_k, static_cast<std::int64_t>(default_k)));
  auto filters = body.find("filters");
  if (filters != body.end() && !filters->is_null()) {
    if (!filters->is_object()) {
      throw api_error(400, "invalid_field", std::string("field \"filters\" must be an object, got ") +
                                                filters->type_name());
    }
    reject_unknown_fields(*filters, {"document_id"});
    auto id = optional_int(*filters, "document_id", 1, INT64_MAX, 0);
    if (id > 0) out.document_id = static_cast<std::uint64_t>(id);
  }
  if (body.contains("cache")) out.use_cache = optional_bool(body, "cache", true);
  if (auto session = optional_string(body, "session", 200)) {
    for (unsigned char c : *session) {
      if (!std::isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':') {
        throw api_error(400, "invalid_field", "field \"session\" may only contain letters, digits and - _ . :");
      }
    }
    out.session = *session;
  }
  if (conversation != nullptr) {
    *conversation = static_cast<std::uint64_t>(optional_int(body, "conversation_id", 1, INT64_MAX, 0));
  }
  return out;
}

}  // namespace ragbench::server
