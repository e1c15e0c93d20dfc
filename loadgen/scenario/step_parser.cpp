// One request step from YAML: the request itself, its captures and its checks.
#include "loadgen/scenario/step_parser.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <nlohmann/json.hpp>

#include "loadgen/scenario/capture.hpp"

namespace ragbench::loadgen {
namespace {

void append_segments(std::vector<template_segment>& out, const compiled_template& t) {
  for (const auto& s : t.segments()) {
    if (s.kind == segment_kind::literal && !out.empty() && out.back().kind == segment_kind::literal)
      out.back().text += s.text;
    else
      out.push_back(s);
  }
}

void append_literal(std::vector<template_segment>& out, std::string_view text) {
  append_segments(out, compiled_template::literal(std::string(text)));
}

compiled_template compile_at(yaml_reader& r, const YAML::Node& n, const std::string& field, escape_mode mode,
                             const template_scope& scope, bool escape_literals = false) {
  std::vector<std::string> errs;
  auto t = compile_template(n.Scalar(), mode, scope, errs, escape_literals);
  for (const auto& e : errs) r.error(n, field + ": " + e);
  return t;
}

void json_value(yaml_reader& r, const YAML::Node& n, const std::string& field, const template_scope& scope,
                std::vector<template_segment>& out) {
  if (n.IsMap()) {
    append_literal(out, "{");
    bool first = true;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) {
        r.error(it->first, field + ": JSON object keys must be strings");
        continue;
      }
      std::string key = first ? "\"" : ",\"";
      append_json_escaped(it->first.Scalar(), key);
      append_literal(out, key + "\":");
      json_value(r, it->second, field + "." + it->first.Scalar(), scope, out);
      first = false;
    }
    append_literal(out, "}");
  } else if (n.IsSequence()) {
    append_literal(out, "[");
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i) append_literal(out, ",");
      json_value(r, n[i], field + "[" + std::to_string(i) + "]", scope, out);
    }
    append_literal(out, "]");
  } else if (!n.IsDefined() || n.IsNull()) {
    append_literal(out, "null");
  } else {
    const std::string& s = n.Scalar();
    if (n.Tag() == "?") {  // plain (unquoted) scalar: keep YAML's own number/bool reading
      if (s == "true" || s == "false") return append_literal(out, s);
      auto j = nlohmann::json::parse(s, nullptr, false);
      if (!j.is_discarded() && j.is_number()) return append_literal(out, j.dump());
    }
    auto t = compile_at(r, n, field, escape_mode::json, scope, true);
    const auto& segs = t.segments();
    bool bare_number = segs.size() == 1 && (segs[0].kind == segment_kind::random_int || segs[0].typed() ||
                                            segs[0].kind == segment_kind::user_id || segs[0].kind == segment_kind::iteration);
    if (!bare_number && std::any_of(segs.begin(), segs.end(), [](const auto& x) { return x.typed(); })) {
      r.error(n, field + ": a placeholder with '| int', '| number' or '| bool' must be the whole value (it is sent "
                         "as a JSON number or boolean, not inside a string)");
    }
    if (!bare_number) append_literal(out, "\"");
    append_segments(out, t);
    if (!bare_number) append_literal(out, "\"");
  }
}

void parse_captures(yaml_reader& r, const YAML::Node& n, const std::string& field, request_parse_context& ctx,
                    request_spec& spec) {
  if (!r.expect_map(n, field)) return;
  for (auto it = n.begin(); it != n.end(); ++it) {
    capture_spec c;
    c.variable = it->first.Scalar();
    c.where = r.where(it->first);
    std::string f = field + "." + c.variable;
    if (c.variable.empty() || c.variable.find_first_of(".{}() ") != std::string::npos) {
      r.error(it->first, f + ": a variable name cannot be empty or contain '.', '{', '}', '(', ')' or spaces");
      continue;
    }
    const YAML::Node v = it->second;
    if (v.IsScalar()) {
      c.kind = capture_kind::json_path;
      c.expression = v.Scalar();
    } else if (v.IsMap() && v.size() == 1) {
      r.check_keys(v, f, {"json", "header", "regex"});
      auto key = v.begin()->first.Scalar();
      c.kind = key == "header" ? capture_kind::header : key == "regex" ? capture_kind::regex : capture_kind::json_path;
      if (auto s = r.string(v.begin()->second, f + "." + key)) c.expression = *s;
    } else {
      r.error(v, f + ": expected a JSON path like $.id, or one of {json: ...}, {header: ...}, {regex: ...}");
      continue;
    }
    if (c.kind == capture_kind::json_path) {
      std::string err;
      if (!parse_json_path(c.expression, &err)) r.error(v, f + ": " + err);
    } else if (c.kind == capture_kind::regex) {
      try {
        std::regex re(c.expression);
        if (re.mark_count() > 1) r.error(v, f + ": the regex must have at most one group, it has " + std::to_string(re.mark_count()));
      } catch (const std::regex_error& e) {
        r.error(v, f + ": invalid regex '" + c.expression + "'");
      }
    }
    auto& vars = *ctx.variables;
    auto found = std::find(vars.begin(), vars.end(), c.variable);
    c.slot = static_cast<std::size_t>(found - vars.begin());
    if (found == vars.end()) vars.push_back(c.variable);
    spec.captures.push_back(std::move(c));
  }
}

void parse_checks(yaml_reader& r, const YAML::Node& n, const std::string& field, checks& c) {
  if (!r.expect_map(n, field)) return;
  r.check_keys(n, field, {"status", "json", "body_contains"});
  if (const auto& s = n["status"]) {
    std::vector<YAML::Node> items;
    if (s.IsSequence()) for (const auto& x : s) items.push_back(x);
    else items.push_back(s);
    for (const auto& x : items)
      if (auto v = r.integer(x, field + ".status", 100, 599)) c.statuses.push_back(static_cast<unsigned>(*v));
  }
  if (const auto& j = n["json"]; j && r.expect_map(j, field + ".json")) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      json_check jc;
      jc.path = it->first.Scalar();
      std::string err;
      if (!parse_json_path(jc.path, &err)) r.error(it->first, field + ".json: " + err);
      const YAML::Node v = it->second;
      if (v.IsScalar() && v.Tag() == "?" && v.Scalar() == "exists") {
        jc.exists_only = true;
      } else {
        jc.exists_only = false;
        yaml_reader scratch(r.file());
        auto t = compile_json_body(scratch, v, field, template_scope{});
        auto parsed = t.is_literal() ? nlohmann::json::parse(t.render(render_context{}), nullptr, false)
                                     : nlohmann::json(nlohmann::json::value_t::discarded);
        if (parsed.is_discarded()) r.error(v, field + ".json." + jc.path + ": expected 'exists' or a plain value (no templates)");
        jc.expected = std::move(parsed);
      }
      c.json.push_back(std::move(jc));
    }
  }
  if (const auto& b = n["body_contains"]) {
    if (b.IsSequence()) {
      for (const auto& x : b)
        if (auto s = r.string(x, field + ".body_contains")) c.body_contains.push_back(*s);
    } else if (auto s = r.string(b, field + ".body_contains")) {
      c.body_contains.push_back(*s);
    }
  }
}

void parse_stream(yaml_reader& r, const YAML::Node& n, const std::string& field, request_spec& spec) {
  if (const auto& m = n["stream"]) {
    if (auto v = r.string(m, field + ".stream")) {
      if (*v == "auto") spec.stream = stream_mode::auto_detect;
      else if (*v == "sse") spec.stream = stream_mode::sse;
      else if (*v == "none") spec.stream = stream_mode::none;
      else r.error(m, field + ".stream: expected auto, sse or none, got '" + *v + "'");
    }
  }
  if (const auto& t = n["token_event"]) {
    if (auto v = r.string(t, field + ".token_event")) {
      if (v->empty() || v->find_first_of("\r\n") != std::string::npos)
        r.error(t, field + ".token_event: expected an event type such as 'token' (non-empty, one line)");
      else if (spec.stream == stream_mode::none)
        r.error(t, field + ".token_event: the step has 'stream: none', so no events are read");
      spec.token_event = *v;
    }
  }
  const auto& slo = n["slo"];
  if (!slo || !r.expect_map(slo, field + ".slo")) return;
  r.check_keys(slo, field + ".slo", {"ttft", "tpot", "itl", "e2e"});
  auto limit = [&](const char* key, std::optional<nanoseconds>& out) {
    if (slo[key])
      if (auto d = r.duration(slo[key], field + ".slo." + key)) out = *d;
  };
  limit("ttft", spec.slo.ttft);
  limit("tpot", spec.slo.tpot);
  limit("itl", spec.slo.itl);
  limit("e2e", spec.slo.e2e);
  if (slo.size() == 0) r.error(slo, field + ".slo: give at least one of ttft, tpot, itl, e2e");
  if (spec.stream == stream_mode::none && spec.slo.needs_stream())
    r.error(slo, field + ".slo: ttft, tpot and itl are stream limits, but the step has 'stream: none'");
}

}  // namespace

compiled_template compile_json_body(yaml_reader& r, const YAML::Node& n, const std::string& field,
                                    const template_scope& scope) {
  std::vector<template_segment> segs;
  json_value(r, n, field, scope, segs);
  return compiled_template(std::move(segs), escape_mode::json);
}

std::vector<std::pair<std::string, compiled_template>> parse_headers(yaml_reader& r, const YAML::Node& n,
                                                                      const std::string& field,
                                                                      const template_scope& scope) {
  std::vector<std::pair<std::string, compiled_template>> out;
  if (!r.expect_map(n, field)) return out;
  for (auto it = n.begin(); it != n.end(); ++it) {
    auto name = it->first.Scalar();
    if (name.empty() || name.find_first_of(" :\r\n") != std::string::npos) {
      r.error(it->first, field + ": invalid header name '" + name + "'");
      continue;
    }
    if (!r.string(it->second, field + "." + name)) continue;
    out.emplace_back(name, compile_at(r, it->second, field + "." + name, escape_mode::none, scope));
  }
  return out;
}

request_spec parse_request(yaml_reader& r, const YAML::Node& n, const std::string& field, request_parse_context& ctx) {
  request_spec spec;
  spec.where = r.where(n);
  const auto& scope = ctx.scope;
  std::string method = "GET";
  if (n["method"])
    if (auto m = r.string(n["method"], field + ".method")) method = *m;
  for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  static const char* methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  if (std::none_of(std::begin(methods), std::end(methods), [&](const char* m) { return method == m; }))
    r.error(n["method"], field + ".method: unknown HTTP method '" + method + "' (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)");
  spec.method = method;
  std::string path_text;
  if (!n["path"]) {
    r.error(n, field + ": missing 'path'");
  } else if (auto p = r.string(n["path"], field + ".path")) {
    path_text = *p;
    if (!path_text.starts_with("/")) r.error(n["path"], field + ".path: must start with '/', got '" + path_text + "'");
    if (path_text.find_first_of("?# ") != std::string::npos)
      r.error(n["path"], field + ".path: put query parameters under 'query:' (no '?', '#' or spaces in the path)");
    spec.path = compile_at(r, n["path"], field + ".path", escape_mode::url, scope);
    if (!ctx.base_path.empty()) {
      std::vector<template_segment> segs;
      append_literal(segs, ctx.base_path);
      append_segments(segs, spec.path);
      spec.path = compiled_template(std::move(segs), escape_mode::url);
    }
  }
  spec.name = method + " " + path_text;
  if (n["name"])
    if (auto s = r.string(n["name"], field + ".name")) spec.name = *s;
  if (const auto& q = n["query"]; q && r.expect_map(q, field + ".query")) {
    for (auto it = q.begin(); it != q.end(); ++it) {
      std::string key;
      append_url_escaped(it->first.Scalar(), key);
      if (!r.string(it->second, field + ".query." + it->first.Scalar())) continue;
      spec.query.emplace_back(key, compile_at(r, it->second, field + ".query." + it->first.Scalar(), escape_mode::url, scope, true));
    }
  }
  if (n["headers"]) spec.headers = parse_headers(r, n["headers"], field + ".headers", scope);
  if (n["json"] && n["body"]) r.error(n["body"], field + ": give either 'json' or 'body', not both");
  if (n["json"]) {
    spec.body_type = body_kind::json;
    spec.body = compile_json_body(r, n["json"], field + ".json", scope);
    spec.content_type = "application/json";
  } else if (n["body"]) {
    spec.body_type = body_kind::raw;
    spec.content_type = "text/plain; charset=utf-8";
    if (r.string(n["body"], field + ".body")) spec.body = compile_at(r, n["body"], field + ".body", escape_mode::none, scope);
  }
  if (n["content_type"])
    if (auto s = r.string(n["content_type"], field + ".content_type")) spec.content_type = *s;
  if (n["timeout"])
    if (auto d = r.duration(n["timeout"], field + ".timeout")) spec.timeout = *d;
  if (n["max_body"])
    if (auto b = r.size(n["max_body"], field + ".max_body", 1, max_max_body_bytes)) spec.max_body = *b;
  if (const auto& t = n["tags"]) {
    if (t.IsScalar()) spec.tags.push_back(t.Scalar());
    else if (r.expect_sequence(t, field + ".tags"))
      for (const auto& x : t)
        if (auto s = r.string(x, field + ".tags")) spec.tags.push_back(*s);
  }
  if (n["capture"]) parse_captures(r, n["capture"], field + ".capture", ctx, spec);
  if (n["check"]) parse_checks(r, n["check"], field + ".check", spec.check);
  parse_stream(r, n, field, spec);
  return spec;
}

}  // namespace ragbench::loadgen
