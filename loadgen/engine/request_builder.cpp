// HTTP/1.1 request serialisation from compiled templates.
#include "loadgen/engine/request_builder.hpp"

namespace ragbench::loadgen {

bool is_literal_request(const scenario& s, const request_spec& r) {
  if (!r.path.is_literal() || !r.body.is_literal()) return false;
  for (const auto& q : r.query)
    if (!q.second.is_literal()) return false;
  for (const auto& h : r.headers)
    if (!h.second.is_literal()) return false;
  for (const auto& h : s.headers)
    if (!h.second.is_literal()) return false;
  return true;
}

namespace {
bool has_header(const std::vector<std::pair<std::string, compiled_template>>& hs, std::string_view name) {
  for (const auto& h : hs) {
    if (h.first.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = (h.first[i] | 0x20) == (name[i] | 0x20);
    if (same) return true;
  }
  return false;
}
}  // namespace

void build_request(const scenario& s, const request_spec& r, const render_context& ctx, std::string& out,
                   std::string& body_scratch) {
  out.clear();
  out += r.method;
  out += ' ';
  std::size_t target_at = out.size();
  r.render_target(ctx, out);
  if (out.size() == target_at || out[target_at] != '/') out.insert(target_at, 1, '/');
  out += " HTTP/1.1\r\n";
  // Each header once: a Host or User-Agent of the scenario replaces loadgen's own, and a step's
  // header replaces the scenario default of the same name (two Host headers are a 400 in RFC 9112).
  if (!has_header(r.headers, "host") && !has_header(s.headers, "host")) {
    out += "Host: ";
    out += s.target.host;
    if (s.target.port != 80) {
      out += ':';
      out += std::to_string(s.target.port);
    }
    out += "\r\n";
  }
  bool own_ua = has_header(r.headers, "user-agent") || has_header(s.headers, "user-agent");
  if (!own_ua) out += "User-Agent: ragbench-loadgen\r\n";
  auto add = [&](const std::vector<std::pair<std::string, compiled_template>>& hs, bool skip_step_names) {
    for (const auto& [name, value] : hs) {
      if (skip_step_names && has_header(r.headers, name)) continue;
      out += name;
      out += ": ";
      value.render(ctx, out);
      out += "\r\n";
    }
  };
  add(s.headers, true);
  add(r.headers, false);
  if (r.body_type != body_kind::none) {
    body_scratch.clear();
    r.body.render(ctx, body_scratch);
    if (!r.content_type.empty() && !has_header(r.headers, "content-type") && !has_header(s.headers, "content-type")) {
      out += "Content-Type: ";
      out += r.content_type;
      out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(body_scratch.size());
    out += "\r\n\r\n";
    out += body_scratch;
  } else {
    if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH") out += "Content-Length: 0\r\n";
    out += "\r\n";
  }
}

}  // namespace ragbench::loadgen
