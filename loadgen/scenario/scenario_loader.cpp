// Scenario files, profiles and --set overrides: parse, validate everything, compile templates.
#include "loadgen/scenario/scenario_loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "loadgen/scenario/load_parser.hpp"
#include "loadgen/scenario/request_parser.hpp"

namespace ragbench::loadgen {
namespace {

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenario_error(path + ":0: cannot open " + what + " file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

YAML::Node parse_yaml(std::string_view text, const std::string& path) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw scenario_error(path + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  }
}

std::string dir_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

std::optional<target_url> parse_target(yaml_reader& r, const YAML::Node& n) {
  auto text = r.string(n, "target");
  if (!text) return std::nullopt;
  target_url t;
  t.text = *text;
  auto fail = [&](const std::string& why) -> std::optional<target_url> {
    r.error(n, "target: " + why + ", got '" + *text + "' (expected http://host[:port][/base])");
    return std::nullopt;
  };
  auto scheme_end = text->find("://");
  if (scheme_end == std::string::npos) return fail("missing scheme");
  t.scheme = text->substr(0, scheme_end);
  if (t.scheme == "https") return fail("https is not supported yet");
  if (t.scheme != "http") return fail("unknown scheme '" + t.scheme + "'");
  auto rest = text->substr(scheme_end + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  t.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!t.base_path.empty() && t.base_path.back() == '/') t.base_path.pop_back();
  if (t.base_path.find_first_of("?# ") != std::string::npos) return fail("query or fragment not allowed");
  std::string port;
  if (authority.starts_with("[")) {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string::npos) return fail("unclosed '[' in host");
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return fail("expected ':' after ']'");
      port = authority.substr(close + 2);
      if (port.empty()) return fail("empty port");
    }
    authority = authority.substr(1, close - 1);
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    port = authority.substr(colon + 1);
    if (port.empty()) return fail("empty port");
    authority = authority.substr(0, colon);
  }
  if (!port.empty()) {
    char* end = nullptr;
    long v = std::strtol(port.c_str(), &end, 10);
    if (*end != '\0' || v < 1 || v > 65535) return fail("bad port '" + port + "'");
    t.port = static_cast<std::uint16_t>(v);
  }
  if (authority.empty()) return fail("missing host");
  t.host = authority;
  return t;
}

void check_warmup(yaml_reader& r, const YAML::Node& at, const scenario& s) {
  if (!s.warmup) return;
  nanoseconds total = std::visit([](const auto& l) { return l.duration; }, s.load.shape);
  if (*s.warmup >= total) r.error(at, "warmup: must be shorter than the load duration");
}

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
      std::initializer_list<std::string_view> keys = {"name", "weight", "method", "path", "query", "headers", "json",
                                                      "body", "content_type", "timeout", "tags", "capture", "check"};
      r.check_keys(t, f, keys);
      tk.steps.push_back(parse_request(r, t, f, ctx));
      tk.name = tk.steps.back().name;
    }
    s.tasks.push_back(std::move(tk));
  }
}

void parse_kpis(yaml_reader& r, const YAML::Node& n, scenario& s) {
  if (!r.expect_sequence(n, "kpis")) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto& k = n[i];
    std::string f = "kpis[" + std::to_string(i) + "]";
    if (!k.IsMap() || k.size() != 1) {
      r.error(k, f + ": expected 'ENDPOINT: EXPRESSION' such as 'search: p95 < 100ms', got " + describe(k));
      continue;
    }
    kpi_spec kpi;
    kpi.endpoint = k.begin()->first.Scalar();
    kpi.where = r.where(k);
    auto expr = r.string(k.begin()->second, f + "." + kpi.endpoint);
    if (!expr) continue;
    if (expr->empty()) r.error(k, f + ": empty KPI expression");
    kpi.expr = *expr;
    bool known = kpi.endpoint == "all";
    for (const auto& t : s.tasks)
      for (const auto& st : t.steps) known = known || st.name == kpi.endpoint;
    for (const auto& st : s.on_start) known = known || st.name == kpi.endpoint;
    if (!known) r.error(k, f + ": unknown endpoint '" + kpi.endpoint + "' (use 'all' or a request name)");
    s.kpis.push_back(std::move(kpi));
  }
}

}  // namespace

scenario parse_scenario(std::string_view yaml_text, const std::string& path) {
  YAML::Node root = parse_yaml(yaml_text, path);
  yaml_reader r(path);
  scenario s;
  s.file = path;
  if (!root.IsMap()) {
    r.error(root, "a scenario file must be a mapping with at least 'target', 'load' and 'tasks'");
    r.throw_if_errors();
  }
  r.check_keys(root, "the scenario", {"name", "description", "target", "protocol", "headers", "load", "wait", "warmup",
                                      "seed", "data", "on_start", "tasks", "kpis"});
  const std::string base = dir_of(path);
  s.name = std::filesystem::path(path).stem().string();
  if (root["name"])
    if (auto v = r.string(root["name"], "name")) s.name = *v;
  if (!root["target"]) r.error(root, "missing 'target' (e.g. target: http://127.0.0.1:8080)");
  else if (auto t = parse_target(r, root["target"])) s.target = *t;
  if (root["protocol"]) {
    auto p = r.string(root["protocol"], "protocol");
    if (p && *p == "h2c") s.protocol = protocol_kind::h2c;
    else if (p && *p != "http1") r.error(root["protocol"], "protocol: expected http1 or h2c, got '" + *p + "'");
  }
  if (!root["load"]) r.error(root, "missing 'load' (e.g. load: {users: 10, spawn_rate: 2, duration: 30s})");
  else if (auto l = parse_load(r, root["load"])) s.load = *l;
  if (root["wait"])
    if (auto w = parse_wait(r, root["wait"])) s.wait = *w;
  if (root["warmup"])
    if (auto d = r.duration(root["warmup"], "warmup")) s.warmup = *d;
  if (root["seed"])
    if (auto v = r.integer(root["seed"], "seed", 0, UINT64_MAX)) s.seed = *v;
  if (root["data"]) parse_feeders(r, root["data"], s, base);

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
  if (root["kpis"]) parse_kpis(r, root["kpis"], s);
  if (r.ok()) check_warmup(r, root["warmup"], s);
  r.throw_if_errors();
  return s;
}

scenario load_scenario(const std::string& path) { return parse_scenario(read_text(path, "scenario"), path); }

void apply_profile_text(scenario& s, std::string_view yaml_text, const std::string& path) {
  YAML::Node root = parse_yaml(yaml_text, path);
  yaml_reader r(path);
  if (!root.IsMap()) {
    r.error(root, "a profile must be a mapping with a 'load' block");
    r.throw_if_errors();
  }
  r.check_keys(root, "the profile", {"description", "load", "warmup"});
  scenario copy_load;
  if (!root["load"]) r.error(root, "missing 'load' (a profile replaces the scenario's load block)");
  else if (auto l = parse_load(r, root["load"])) copy_load.load = *l;
  if (root["warmup"])
    if (auto d = r.duration(root["warmup"], "warmup")) copy_load.warmup = *d;
  if (r.ok()) check_warmup(r, root["warmup"] ? root["warmup"] : root["load"], copy_load);
  r.throw_if_errors();
  s.load = copy_load.load;
  s.warmup = copy_load.warmup;
}

void apply_profile(scenario& s, const std::string& profile_path) {
  apply_profile_text(s, read_text(profile_path, "profile"), profile_path);
}

void apply_override(scenario& s, std::string_view key_equals_value) {
  const std::string all(key_equals_value);
  yaml_reader r("--set " + all, false);
  auto eq = all.find('=');
  if (eq == std::string::npos || eq == 0) {
    r.error(0, "expected KEY=VALUE, e.g. load.users=10");
    r.throw_if_errors();
  }
  const std::string key = all.substr(0, eq), text = all.substr(eq + 1);
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.error(0, "value is not valid YAML: " + e.msg);
    r.throw_if_errors();
  }
  scenario next = s;
  if (key == "target") {
    if (auto t = parse_target(r, value)) {
      if (t->base_path != s.target.base_path) r.error(0, "target: the base path cannot change in an override");
      next.target = *t;
    }
  } else if (key == "name") {
    if (auto v = r.string(value, "name")) next.name = *v;
  } else if (key == "protocol") {
    auto p = r.string(value, "protocol");
    if (p && (*p == "http1" || *p == "h2c")) next.protocol = *p == "h2c" ? protocol_kind::h2c : protocol_kind::http1;
    else if (p) r.error(0, "protocol: expected http1 or h2c, got '" + *p + "'");
  } else if (key == "seed") {
    if (auto v = r.integer(value, "seed", 0, UINT64_MAX)) next.seed = *v;
  } else if (key == "warmup") {
    if (value.IsScalar() && (value.Scalar() == "0" || value.Scalar() == "none")) next.warmup.reset();
    else if (auto d = r.duration(value, "warmup")) next.warmup = *d;
  } else if (key == "wait") {
    if (auto w = parse_wait(r, value)) next.wait = *w;
  } else if (key == "load") {
    if (auto l = parse_load(r, value)) next.load = *l;
  } else if (key.starts_with("load.")) {
    const std::string sub = key.substr(5);
    YAML::Node load = load_to_yaml(s.load);
    auto drop = [&](std::initializer_list<const char*> keys) {
      for (const char* k : keys) load.remove(k);
    };
    auto keep_duration = [&] {
      if (!load["duration"]) load["duration"] = std::to_string(std::visit([](const auto& l) { return l.duration; }, s.load.shape).count()) + "ns";
    };
    if (sub == "users" || sub == "spawn_rate") {
      if (s.load.is_open()) drop({"arrival", "rate", "arrival_rate"}), keep_duration(), drop({"stages"});
    } else if (sub == "arrival_rate" || sub == "rate" || sub == "arrival") {
      drop({"users", "spawn_rate", "stages", "arrival_rate", "rate"}), keep_duration();
      if (sub == "rate" && !load["arrival"]) load["arrival"] = "constant";
      if (sub == "arrival" && !load["rate"]) load["rate"] = load_to_yaml(s.load)["rate"] ? load_to_yaml(s.load)["rate"] : YAML::Node("1/s");
    } else if (sub == "stages") {
      drop({"users", "spawn_rate", "arrival", "rate", "arrival_rate", "duration"});
    }
    load[sub] = value;
    if (auto l = parse_load(r, load)) next.load = *l;
  } else {
    r.error(0, "unknown key '" + key + "' (target, protocol, name, seed, warmup, wait, load, load.<key>)");
  }
  yaml_reader wr("--set " + all, false);
  if (r.ok()) check_warmup(wr, YAML::Node(), next);
  for (auto& e : wr.errors()) r.errors().push_back(e);
  r.throw_if_errors();
  next.load.where = s.load.where;
  if (key.starts_with("load")) next.load.where = {"--set " + all, 0};
  s = std::move(next);
}

}  // namespace ragbench::loadgen
