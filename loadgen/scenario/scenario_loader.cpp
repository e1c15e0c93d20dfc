// Scenario files, profiles and --set overrides: parse, validate everything, compile templates.
#include "loadgen/scenario/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "loadgen/scenario/load_parser.hpp"
#include "loadgen/scenario/loader_support.hpp"
#include "loadgen/scenario/scrape_parser.hpp"
#include "loadgen/scenario/step_parser.hpp"

namespace ragbench::loadgen {
namespace {

using namespace loader_support;

void parse_feeders(yaml_reader& r, const YAML::Node& n, scenario& s, const std::string& base) {
  if (!r.expect_map(n, "data")) return;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string name = it->first.Scalar();
    const std::string f = "data." + name;
    const YAML::Node v = it->second;
    if (name.empty() || name.find_first_of(".{}() ") != std::string::npos) {
      r.error(it->first, f + ": a feeder name cannot contain '.', '{', '}', '(', ')' or spaces");
      continue;
    }
    if (!r.expect_map(v, f)) continue;
    r.check_keys(v, f, {"csv", "jsonl", "pick"});
    pick_mode pick = pick_mode::sequential;
    if (v["pick"]) {
      auto p = r.string(v["pick"], f + ".pick");
      if (p && *p == "random") pick = pick_mode::random;
      else if (p && *p == "unique") pick = pick_mode::unique;
      else if (p && *p != "sequential") r.error(v["pick"], f + ".pick: expected sequential, random or unique, got '" + *p + "'");
    }
    if (static_cast<bool>(v["csv"]) == static_cast<bool>(v["jsonl"])) {
      r.error(v, f + ": give exactly one of 'csv: FILE' or 'jsonl: FILE'");
      continue;
    }
    const bool csv = static_cast<bool>(v["csv"]);
    const auto& file_node = v[csv ? "csv" : "jsonl"];
    auto rel = r.string(file_node, f + (csv ? ".csv" : ".jsonl"));
    if (!rel) continue;
    std::string path = rel->starts_with("/") ? *rel : base + "/" + *rel;
    if (!std::filesystem::is_regular_file(path)) {
      r.error(file_node, f + ": cannot read file '" + *rel + "' (looked for " + path + ")");
      continue;
    }
    try {
      auto table = csv ? read_csv(path) : read_jsonl(path);
      s.feeders.push_back(std::make_shared<feeder>(name, std::move(table.columns), std::move(table.rows), pick));
    } catch (const scenario_error& e) {
      for (const auto& m : e.errors()) r.errors().push_back(m);
    }
  }
}

void parse_tasks(yaml_reader& r, const YAML::Node& n, scenario& s, const request_parse_context& base_ctx) {
  if (!r.expect_sequence(n, "tasks")) return;
  if (n.size() == 0) r.error(n, "tasks: at least one task is required");
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto& t = n[i];
    std::string f = "tasks[" + std::to_string(i) + "]";
    if (!r.expect_map(t, f)) continue;
    task tk;
    tk.where = r.where(t);
    request_parse_context ctx = base_ctx;
    ctx.scope.used_feeders = &tk.feeders;
    if (t["weight"]) {
      auto w = r.number(t["weight"], f + ".weight");
      if (w && !(*w > 0)) r.error(t["weight"], f + ".weight: must be > 0, got " + t["weight"].Scalar());
      else if (w) tk.weight = *w;
    }
    if (t["sequence"]) {
      r.check_keys(t, f, {"name", "weight", "sequence"});
      tk.is_sequence = true;
      if (!t["name"]) r.error(t, f + ": a sequence needs a 'name'");
      else if (auto nm = r.string(t["name"], f + ".name")) tk.name = *nm;
      const auto& steps = t["sequence"];
      if (!r.expect_sequence(steps, f + ".sequence")) continue;
      if (steps.size() == 0) r.error(steps, f + ".sequence: needs at least one step");
      for (std::size_t k = 0; k < steps.size(); ++k) {
        std::string sf = f + ".sequence[" + std::to_string(k) + "]";
        if (!r.expect_map(steps[k], sf)) continue;
        r.check_keys(steps[k], sf, request_keys);
        auto step = parse_request(r, steps[k], sf, ctx);
        for (const auto& c : step.captures) ctx.scope.captures.emplace_back(c.variable, c.slot);
        tk.steps.push_back(std::move(step));
      }
    } else {
      std::initializer_list<std::string_view> keys = {"name",    "weight",       "method",  "path",
                                                      "query",   "headers",      "json",    "body",
                                                      "content_type", "timeout", "max_body", "tags",
                                                      "capture", "check",   "stream",  "token_event",
                                                      "slo"};
      r.check_keys(t, f, keys);
      tk.steps.push_back(parse_request(r, t, f, ctx));
      tk.name = tk.steps.back().name;
    }
    s.tasks.push_back(std::move(tk));
  }
}

void parse_kpis(yaml_reader& r, const YAML::Node& n, scenario& s, const kpi_syntax_check& check_kpi) {
  if (!r.expect_sequence(n, "kpis")) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto& k = n[i];
    std::string f = "kpis[" + std::to_string(i) + "]";
    // `- search: p95 < 100ms` is a one-key map; `- "search: p95 < 100ms"` (quoted) the same as one string.
    const auto colon = k.IsScalar() ? k.Scalar().find(':') : std::string::npos;
    if (!(k.IsMap() && k.size() == 1) && colon == std::string::npos) {
      r.error(k, f + ": expected 'ENDPOINT: EXPRESSION' such as 'search: p95 < 100ms', got " + describe(k));
      continue;
    }
    kpi_spec kpi;
    kpi.where = r.where(k);
    std::optional<std::string> expr;
    if (k.IsMap()) {
      kpi.endpoint = k.begin()->first.Scalar();
      expr = r.string(k.begin()->second, f + "." + kpi.endpoint);
    } else {
      auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        return std::string(v);
      };
      const std::string_view text = k.Scalar();
      kpi.endpoint = trim(text.substr(0, colon));
      expr = trim(text.substr(colon + 1));
    }
    if (!expr) continue;
    if (expr->empty()) r.error(k, f + ": empty KPI expression");
    kpi.expr = *expr;
    if (check_kpi && !expr->empty())
      if (std::string why = check_kpi(kpi); !why.empty()) r.error(k, "kpi '" + *expr + "': " + why);
    if (kpi.endpoint == "server") {  // a scraped series (loadgen/report/kpi.hpp); checked against the scrape later
      s.kpis.push_back(std::move(kpi));
      continue;
    }
    bool known = kpi.endpoint == "all", slo = false, streams = false;
    auto visit = [&](const request_spec& st) {
      if (kpi.endpoint != "all" && st.name != kpi.endpoint) return;
      known = true;
      slo = slo || st.slo.any();
      streams = streams || st.stream != stream_mode::none;
    };
    for (const auto& t : s.tasks)
      for (const auto& st : t.steps) visit(st);
    for (const auto& st : s.on_start) visit(st);
    if (!known) r.error(k, f + ": unknown endpoint '" + kpi.endpoint + "' (use 'all', 'server' or a request name)");
    const std::string_view text = std::string_view(kpi.expr).substr(std::min(kpi.expr.size(), kpi.expr.find_first_not_of(" \t")));
    const std::string metric(text.substr(0, text.find_first_of(" <>=\t")));
    if (known && (metric == "goodput" || metric == "goodput_rps") && !slo)
      r.error(k, f + ": '" + metric + "' needs an slo: block on " +
                     (kpi.endpoint == "all" ? std::string("some step") : "step '" + kpi.endpoint + "'"));
    if (known && !streams && (metric == "ttft" || metric == "ttft_service" || metric == "itl" || metric == "tpot" ||
                              metric == "e2e" || metric == "e2e_service" || metric == "headers" ||
                              metric == "output_tokens_per_s" || metric == "stream_tokens_per_s"))
      r.error(k, f + ": '" + metric + "' is a stream metric, but " +
                     (kpi.endpoint == "all" ? std::string("every step has") : "step '" + kpi.endpoint + "' has") +
                     " 'stream: none'");
    s.kpis.push_back(std::move(kpi));
  }
}

}  // namespace

scenario parse_scenario(std::string_view yaml_text, const std::string& path, const kpi_syntax_check& check_kpi) {
  YAML::Node root = parse_yaml(yaml_text, path);
  yaml_reader r(path);
  scenario s;
  s.file = path;
  if (!root.IsMap()) {
    r.error(root, "a scenario file must be a mapping with at least 'target', 'load' and 'tasks'");
    r.throw_if_errors();
  }
  r.check_keys(root, "the scenario", {"name", "description", "target", "protocol", "headers", "load", "wait", "warmup",
                                      "seed", "data", "on_start", "tasks", "kpis", "tls", "connections",
                                      "max_streams", "drain", "max_body", "max_error_rate", "scrape"});
  const std::string base = dir_of(path);
  s.name = std::filesystem::path(path).stem().string();
  if (root["name"])
    if (auto v = r.string(root["name"], "name")) s.name = *v;
  if (!root["target"]) r.error(root, "missing 'target' (e.g. target: http://127.0.0.1:8080)");
  else if (auto t = parse_target(r, root["target"])) s.target = *t;
  if (root["protocol"]) {
    if (auto p = parse_protocol(r, root["protocol"])) s.protocol = *p;
    s.protocol_explicit = true;
  }
  if (root["tls"]) {
    parse_tls(r, root["tls"], "tls", s.tls);
    if (!s.target.scheme.empty() && !s.target.tls()) r.error(root["tls"], "tls: only for https:// targets");
  }
  if (root["connections"])
    if (auto v = r.integer(root["connections"], "connections", 1, 100'000)) s.connections = static_cast<std::uint32_t>(*v);
  if (root["max_streams"])
    if (auto v = r.integer(root["max_streams"], "max_streams", 1, 10'000)) s.max_streams = static_cast<std::uint32_t>(*v);
  if (r.ok()) settle_protocol(r, root["protocol"] ? root["protocol"] : root["target"], s);
  if (!root["load"]) r.error(root, "missing 'load' (e.g. load: {users: 10, spawn_rate: 2, duration: 30s})");
  else if (auto l = parse_load(r, root["load"])) s.load = *l;
  if (root["wait"])
    if (auto w = parse_wait(r, root["wait"])) s.wait = *w;
  if (root["warmup"])
    if (auto d = r.duration(root["warmup"], "warmup")) s.warmup = *d;
  if (root["seed"])
    if (auto v = r.integer(root["seed"], "seed", 0, UINT64_MAX)) s.seed = *v;
  if (root["drain"])
    if (auto d = r.duration(root["drain"], "drain", true)) s.drain = *d;
  if (root["max_body"])
    if (auto b = r.size(root["max_body"], "max_body", 1, max_max_body_bytes)) s.max_body = *b;
  if (root["max_error_rate"])
    if (auto p = r.percentage(root["max_error_rate"], "max_error_rate")) s.max_error_rate_pct = *p;
  if (root["data"]) parse_feeders(r, root["data"], s, base);
  if (root["scrape"])
    if (auto sc = parse_scrape(r, root["scrape"])) s.scrape = *sc;

  request_parse_context ctx;
  ctx.scope.feeders = &s.feeders;
  ctx.scope.base_dir = base;
  ctx.variables = &s.variables;
  ctx.base_path = s.target.base_path;
  if (root["headers"]) s.headers = parse_headers(r, root["headers"], "headers", ctx.scope);
  if (const auto& os = root["on_start"]; os && r.expect_sequence(os, "on_start")) {
    request_parse_context start_ctx = ctx;
    start_ctx.scope.used_feeders = &s.on_start_feeders;
    for (std::size_t i = 0; i < os.size(); ++i) {
      std::string f = "on_start[" + std::to_string(i) + "]";
      if (!r.expect_map(os[i], f)) continue;
      r.check_keys(os[i], f, request_keys);
      auto step = parse_request(r, os[i], f, start_ctx);
      for (const auto& c : step.captures) start_ctx.scope.captures.emplace_back(c.variable, c.slot);
      s.on_start.push_back(std::move(step));
    }
    ctx.scope.captures = start_ctx.scope.captures;  // on_start captures are visible to every task
  }
  if (!root["tasks"]) r.error(root, "missing 'tasks' (a list of requests)");
  else parse_tasks(r, root["tasks"], s, ctx);
  if (root["kpis"]) parse_kpis(r, root["kpis"], s, check_kpi);
  if (r.ok()) check_warmup(r, root["warmup"], s);
  r.throw_if_errors();
  return s;
}

scenario load_scenario(const std::string& path, const kpi_syntax_check& check_kpi) {
  return parse_scenario(read_text(path, "scenario"), path, check_kpi);
}

}  // namespace ragbench::loadgen
