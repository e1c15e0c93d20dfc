// endpoint_class: the route -> class table (documented in the header and docs/ragserver-api.md).
#include "server/ratelimit/endpoint_class.hpp"

namespace ragbench::server {
namespace {

struct class_rule {
  std::string_view method;  // empty = any method
  std::string_view route;   // a pattern ("{}" matches any capture segment), or a prefix when `prefix`
  bool prefix;
  endpoint_class cls;
};

// Segment by segment; a rule segment "{}" matches any capture ("{id}", "{conversation_id}").
bool same_pattern(std::string_view rule, std::string_view route) {
  while (true) {
    const auto rs = rule.find('/'), ps = route.find('/');
    const auto r = rule.substr(0, rs), p = route.substr(0, ps);
    if (r == "{}" ? !(p.starts_with('{') && p.ends_with('}')) : r != p) return false;
    if (rs == std::string_view::npos || ps == std::string_view::npos) return rs == ps;
    rule.remove_prefix(rs + 1);
    route.remove_prefix(ps + 1);
  }
}

constexpr class_rule k_rules[] = {
    {"POST", "/v1/query", false, endpoint_class::chat},
    {"POST", "/v1/chat", false, endpoint_class::chat},
    {"POST", "/v1/chat/completions", false, endpoint_class::chat},
    {"POST", "/v1/conversations/{}/messages", false, endpoint_class::chat},
    {"", "/v1/auth/", true, endpoint_class::auth},
    {"POST", "/v1/documents", false, endpoint_class::upload},
    {"POST", "/v1/search", false, endpoint_class::search},
};

}  // namespace

std::string_view to_string(endpoint_class c) {
  switch (c) {
    case endpoint_class::chat: return "chat";
    case endpoint_class::auth: return "auth";
    case endpoint_class::upload: return "upload";
    case endpoint_class::search: return "search";
  }
  return "unknown";
}

std::optional<endpoint_class> classify(std::string_view method, std::string_view route) {
  for (const auto& r : k_rules) {
    if (!r.method.empty() && r.method != method) continue;
    if (r.prefix ? route.starts_with(r.route) : same_pattern(r.route, route)) return r.cls;
  }
  return std::nullopt;
}

}  // namespace ragbench::server
