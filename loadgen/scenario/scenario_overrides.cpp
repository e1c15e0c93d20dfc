// Profiles and --set overrides: replace or edit the load block (and a few top-level keys) of an
// already loaded scenario, validated by the same parsers as the scenario file.
#include <filesystem>

#include "loadgen/scenario/load_parser.hpp"
#include "loadgen/scenario/loader_support.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/scrape_parser.hpp"
#include "loadgen/scenario/yaml_guard.hpp"

namespace ragbench::loadgen {

using namespace loader_support;

void apply_profile_text(scenario& s, std::string_view yaml_text, const std::string& path) {
  YAML::Node root = parse_yaml(yaml_text, path);
  yaml_reader r(path);
  if (!root.IsMap()) {
    r.error(root, "a profile must be a mapping with a 'load' block");
    r.throw_if_errors();
  }
  r.check_keys(root, "the profile", {"description", "load", "warmup", "scrape"});
  scenario copy_load;
  if (!root["load"]) r.error(root, "missing 'load' (a profile replaces the scenario's load block)");
  else if (auto l = parse_load(r, root["load"])) copy_load.load = *l;
  if (root["warmup"])
    if (auto d = r.duration(root["warmup"], "warmup")) copy_load.warmup = *d;
  if (root["scrape"])  // a profile's scrape: block replaces the scenario's
    if (auto sc = parse_scrape(r, root["scrape"])) copy_load.scrape = *sc;
  if (r.ok()) check_warmup(r, root["warmup"] ? root["warmup"] : root["load"], copy_load);
  r.throw_if_errors();
  s.load = copy_load.load;
  s.warmup = copy_load.warmup;
  if (root["scrape"]) s.scrape = copy_load.scrape;
}

void apply_profile(scenario& s, const std::string& profile_path) {
  apply_profile_text(s, read_text(profile_path, "profile"), profile_path);
}

namespace {

// Applies one KEY=VALUE to `next` (the scenario as the earlier overrides left it); errors go to r. The
// checks across settings (warmup against the load's duration, protocol against the target) are left to
// apply_overrides, once all are applied.
void apply_one(scenario& next, std::string_view key_equals_value, yaml_reader& r) {
  const std::string all(key_equals_value);
  auto eq = all.find('=');
  if (eq == std::string::npos || eq == 0) {
    r.error(0, "expected KEY=VALUE, e.g. load.users=10");
    return;
  }
  const std::string key = all.substr(0, eq), text = all.substr(eq + 1);
  for (const auto& p : check_yaml_text(text).problems) r.error(0, "value: " + p.message);
  if (!r.ok()) return;
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.error(0, "value is not valid YAML: " + e.msg);
    return;
  }
  const scenario s = next;
  if (key == "target") {
    if (auto t = parse_target(r, value)) {
      if (t->base_path != s.target.base_path) r.error(0, "target: the base path cannot change in an override");
      // Another scheme: the protocol follows it again (h2c does not fit https) unless a later override sets it.
      if (t->scheme != s.target.scheme) next.protocol_explicit = false;
      next.target = *t;
    }
  } else if (key == "name") {
    if (auto v = r.string(value, "name")) next.name = *v;
  } else if (key == "protocol") {
    if (auto p = parse_protocol(r, value)) next.protocol = *p;
    next.protocol_explicit = true;
  } else if (key == "tls") {
    parse_tls(r, value, "tls", next.tls);
  } else if (key.starts_with("tls.")) {
    YAML::Node m;
    m[key.substr(4)] = value;
    parse_tls(r, m, "tls", next.tls);
  } else if (key == "connections") {
    if (auto v = r.integer(value, "connections", 1, 100'000)) next.connections = static_cast<std::uint32_t>(*v);
  } else if (key == "max_streams") {
    if (auto v = r.integer(value, "max_streams", 1, 10'000)) next.max_streams = static_cast<std::uint32_t>(*v);
  } else if (key == "drain") {
    if (auto d = r.duration(value, "drain", true)) next.drain = *d;
  } else if (key == "max_body") {
    if (auto b = r.size(value, "max_body", 1, max_max_body_bytes)) next.max_body = *b;
  } else if (key == "max_error_rate") {
    if (auto p = r.percentage(value, "max_error_rate")) next.max_error_rate_pct = *p;
  } else if (key == "seed") {
    if (auto v = r.integer(value, "seed", 0, UINT64_MAX)) next.seed = *v;
  } else if (key == "warmup") {
    if (value.IsScalar() && (value.Scalar() == "0" || value.Scalar() == "none")) next.warmup.reset();
    else if (auto d = r.duration(value, "warmup")) next.warmup = *d;
  } else if (key == "scrape") {
    if (auto sc = parse_scrape(r, value)) next.scrape = *sc;
  } else if (key == "scrape.interval") {
    YAML::Node m;
    m["interval"] = value;
    if (auto sc = parse_scrape(r, m)) next.scrape.interval = sc->interval;
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
      if (!load["duration"]) load["duration"] = std::to_string(s.load.duration().count()) + "ns";
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
    r.error(0, "unknown key '" + key + "' (target, protocol, name, seed, warmup, wait, load, load.<key>, tls.<key>, "
               "connections, max_streams, drain, max_body, max_error_rate, scrape, scrape.interval)");
  }
  next.load.where = s.load.where;
  if (key.starts_with("load") && r.ok()) next.load.where = {"--set " + all, 0};
}

}  // namespace

void apply_overrides(scenario& s, const std::vector<std::string>& sets) {
  if (sets.empty()) return;
  scenario next = s;
  std::vector<std::string> errors;
  std::string label;
  for (const auto& kv : sets) {
    yaml_reader r("--set " + kv, false);
    apply_one(next, kv, r);
    for (auto& e : r.errors()) errors.push_back(std::move(e));
    label += (label.empty() ? "--set " : " --set ") + kv;
  }
  yaml_reader together(label, false);
  for (auto& e : errors) together.errors().push_back(std::move(e));
  if (together.ok()) {
    check_warmup(together, YAML::Node(), next);
    settle_protocol(together, YAML::Node(), next);
  }
  together.throw_if_errors();
  s = std::move(next);
}

void apply_override(scenario& s, std::string_view key_equals_value) {
  apply_overrides(s, {std::string(key_equals_value)});
}

}  // namespace ragbench::loadgen
