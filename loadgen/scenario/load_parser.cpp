// The load block: closed {users, spawn_rate, duration} or open {arrival_rate | stages | arrival, rate}.
#include "loadgen/scenario/load_parser.hpp"

#include <sstream>

namespace ragbench::loadgen {
namespace {

std::string rate_text(double per_s) {
  std::ostringstream s;
  s.precision(15);
  s << per_s << "/s";
  return s.str();
}

std::string exact(nanoseconds d) { return std::to_string(d.count()) + "ns"; }

}  // namespace

std::optional<load_model> parse_load(yaml_reader& r, const YAML::Node& n) {
  if (!r.expect_map(n, "load")) return std::nullopt;
  r.check_keys(n, "load", {"users", "spawn_rate", "duration", "arrival_rate", "arrival", "rate", "stages", "max_connections"});
  const auto before = r.errors().size();
  load_model m;
  m.where = r.where(n);
  if (n["max_connections"])
    if (auto v = r.integer(n["max_connections"], "load.max_connections", 1, 1'000'000))
      m.max_connections = static_cast<std::uint32_t>(*v);

  const bool closed = static_cast<bool>(n["users"]);
  const char* open_key = n["arrival_rate"] ? "arrival_rate" : n["stages"] ? "stages" : n["arrival"] ? "arrival" : n["rate"] ? "rate" : nullptr;
  if (closed && open_key) {
    r.error(n, std::string("load: 'users' (closed model) cannot be combined with '") + open_key + "' (open model)");
    return std::nullopt;
  }
  if (closed) {
    closed_load c;
    if (auto v = r.integer(n["users"], "load.users", 1, 10'000'000)) c.users = static_cast<std::uint32_t>(*v);
    c.spawn_rate_per_s = c.users;  // default: all users within one second
    if (n["spawn_rate"])
      if (auto v = r.rate(n["spawn_rate"], "load.spawn_rate")) c.spawn_rate_per_s = *v;
    if (!n["duration"]) r.error(n, "load: missing 'duration' (e.g. duration: 60s)");
    else if (auto d = r.duration(n["duration"], "load.duration")) c.duration = *d;
    m.shape = c;
  } else if (open_key) {
    if (n["spawn_rate"]) r.error(n["spawn_rate"], "load.spawn_rate: only for the closed model (with 'users')");
    open_load o;
    if (n["stages"]) {
      o.arrival = arrival_kind::ramping;
      for (const char* k : {"arrival_rate", "arrival", "rate", "duration"})
        if (n[k]) r.error(n[k], std::string("load.") + k + ": cannot be combined with 'stages' (the duration is the sum of the stages)");
      const auto& st = n["stages"];
      if (r.expect_sequence(st, "load.stages")) {
        if (st.size() == 0) r.error(st, "load.stages: needs at least one stage");
        for (std::size_t i = 0; i < st.size(); ++i) {
          std::string f = "load.stages[" + std::to_string(i) + "]";
          if (!r.expect_map(st[i], f)) continue;
          r.check_keys(st[i], f, {"duration", "target_rate"});
          rate_stage s;
          if (!st[i]["duration"]) r.error(st[i], f + ": missing 'duration'");
          else if (auto d = r.duration(st[i]["duration"], f + ".duration")) s.duration = *d;
          if (!st[i]["target_rate"]) {
            r.error(st[i], f + ": missing 'target_rate'");
          } else if (st[i]["target_rate"].IsScalar() && (st[i]["target_rate"].Scalar() == "0" || st[i]["target_rate"].Scalar() == "0/s")) {
            s.target_rate_per_s = 0;  // ramping down to zero is allowed
          } else if (auto v = r.rate(st[i]["target_rate"], f + ".target_rate")) {
            s.target_rate_per_s = *v;
          }
          o.duration += s.duration;
          o.stages.push_back(s);
        }
      }
    } else {
      if (n["arrival_rate"]) {
        if (n["rate"]) r.error(n["rate"], "load.rate: give either 'arrival_rate' or 'arrival' + 'rate', not both");
        if (auto v = r.rate(n["arrival_rate"], "load.arrival_rate")) o.rate_per_s = *v;
      } else if (!n["rate"]) {
        r.error(n, "load: missing 'rate' (e.g. rate: 100/s)");
      } else if (auto v = r.rate(n["rate"], "load.rate")) {
        o.rate_per_s = *v;
      }
      if (n["arrival"]) {
        auto a = r.string(n["arrival"], "load.arrival");
        if (a && *a == "poisson") o.arrival = arrival_kind::poisson;
        else if (a && *a == "constant") o.arrival = arrival_kind::constant;
        else if (a) r.error(n["arrival"], "load.arrival: expected 'constant' or 'poisson', got '" + *a + "'");
      }
      if (!n["duration"]) r.error(n, "load: missing 'duration' (e.g. duration: 60s)");
      else if (auto d = r.duration(n["duration"], "load.duration")) o.duration = *d;
    }
    m.shape = o;
  } else {
    r.error(n, "load: needs 'users' (closed model) or one of 'arrival_rate', 'stages', 'arrival' (open model)");
  }
  if (r.errors().size() != before) return std::nullopt;
  return m;
}

std::optional<wait_time> parse_wait(yaml_reader& r, const YAML::Node& n) {
  if (!r.expect_map(n, "wait")) return std::nullopt;
  r.check_keys(n, "wait", {"constant", "between", "constant_pacing", "none"});
  if (n.size() != 1) {
    r.error(n, "wait: give exactly one of constant, between, constant_pacing, none");
    return std::nullopt;
  }
  const auto before = r.errors().size();
  wait_time w;
  if (n["none"]) {
    w.kind = wait_kind::none;
  } else if (n["constant"] || n["constant_pacing"]) {
    const bool pacing = static_cast<bool>(n["constant_pacing"]);
    w.kind = pacing ? wait_kind::constant_pacing : wait_kind::constant;
    if (auto d = r.duration(n[pacing ? "constant_pacing" : "constant"], pacing ? "wait.constant_pacing" : "wait.constant", !pacing))
      w.min = w.max = *d;
  } else if (n["between"]) {
    w.kind = wait_kind::between;
    const auto& b = n["between"];
    if (!b.IsSequence() || b.size() != 2) {
      r.error(b, "wait.between: expected a list of two durations like [1s, 3s], got " + describe(b));
    } else {
      auto lo = r.duration(b[0], "wait.between[0]", true);
      auto hi = r.duration(b[1], "wait.between[1]", true);
      if (lo && hi && *lo > *hi) r.error(b, "wait.between: the lower bound " + b[0].Scalar() + " is above the upper bound " + b[1].Scalar());
      if (lo && hi) w.min = *lo, w.max = *hi;
    }
  }
  if (r.errors().size() != before) return std::nullopt;
  return w;
}

YAML::Node load_to_yaml(const load_model& m) {
  YAML::Node n(YAML::NodeType::Map);
  if (const auto* c = std::get_if<closed_load>(&m.shape)) {
    n["users"] = c->users;
    n["spawn_rate"] = rate_text(c->spawn_rate_per_s);
    n["duration"] = exact(c->duration);
  } else {
    const auto& o = std::get<open_load>(m.shape);
    if (o.arrival == arrival_kind::ramping) {
      YAML::Node stages(YAML::NodeType::Sequence);
      for (const auto& s : o.stages) {
        YAML::Node st;
        st["duration"] = exact(s.duration);
        st["target_rate"] = rate_text(s.target_rate_per_s);
        stages.push_back(st);
      }
      n["stages"] = stages;
    } else {
      n["arrival"] = o.arrival == arrival_kind::poisson ? "poisson" : "constant";
      n["rate"] = rate_text(o.rate_per_s);
      n["duration"] = exact(o.duration);
    }
  }
  if (m.max_connections) n["max_connections"] = m.max_connections;
  return n;
}

}  // namespace ragbench::loadgen
