// Scenario loading: golden validation messages, profiles, overrides, and every shipped file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "loadgen/scenario/scenario_loader.hpp"

using namespace ragbench::loadgen;

namespace {

const std::string feeds = std::string(RAGBENCH_SOURCE_DIR) + "/scenarios/x.yaml";  // resolves feeds/

std::string error_of(const std::string& yaml, const std::string& path = "s.yaml") {
  try {
    parse_scenario(yaml, path);
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string head = "target: http://127.0.0.1:8080\nload: {users: 2, duration: 5s}\n";

}  // namespace

TEST_CASE("a minimal scenario loads with defaults", "[loader]") {
  auto s = parse_scenario(head + "tasks:\n  - {name: h, path: /health}\n", "dir/min.yaml");
  CHECK(s.name == "min");
  CHECK(s.target.host == "127.0.0.1");
  CHECK(s.target.port == 8080);
  const auto& c = std::get<closed_load>(s.load.shape);
  CHECK(c.users == 2);
  CHECK(c.duration == std::chrono::seconds(5));
  REQUIRE(s.tasks.size() == 1);
  CHECK(s.tasks[0].steps[0].method == "GET");
  CHECK(s.tasks[0].steps[0].path.render(render_context{}) == "/health");
  CHECK(s.load.where.line == 2);
}

TEST_CASE("bad input gives exact file:line messages", "[loader]") {
  using row = std::pair<std::string, std::string>;
  auto [yaml, expected] = GENERATE(
      row{"target: http://h:1\nload: {users: 2, duration: 5s, userz: 3}\ntasks: [{path: /}]\n",
          "s.yaml:2: unknown key 'userz' in load (expected one of: users, spawn_rate, duration, arrival_rate, "
          "arrival, rate, stages, max_connections)"},
      row{"target: http://h:1\nload: {users: many, duration: 5s}\ntasks: [{path: /}]\n",
          "s.yaml:2: load.users: expected an integer from 1 to 10000000, got 'many'"},
      row{"target: http://h:1\nload: {users: 2, duration: 5 parsecs}\ntasks: [{path: /}]\n",
          "s.yaml:2: load.duration: expected a positive duration with a unit (e.g. 250ms, 30s, 5m, 1h), got '5 parsecs'"},
      row{"target: http://h:1\nload: {arrival_rate: fast, duration: 5s}\ntasks: [{path: /}]\n",
          "s.yaml:2: load.arrival_rate: expected a positive rate like 1000/s, 60/m or 3600/h, got 'fast'"},
      row{"target: http://h:1\nload: {users: 2, arrival_rate: 5/s, duration: 5s}\ntasks: [{path: /}]\n",
          "s.yaml:2: load: 'users' (closed model) cannot be combined with 'arrival_rate' (open model)"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks:\n  - {path: /, weight: 0}\n",
          "s.yaml:4: tasks[0].weight: must be > 0, got 0"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks:\n  - path: /x/{{nope}}\n",
          "s.yaml:4: tasks[0].path: undefined variable '{{nope}}' (not a feeder column, an earlier capture or a builtin)"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ndata: {q: {csv: missing.csv}}\ntasks: [{path: /}]\n",
          "s.yaml:3: data.q: cannot read file 'missing.csv' (looked for ./missing.csv)"},
      row{"target: ftp://h:1\nload: {users: 2, duration: 5s}\ntasks: [{path: /}]\n",
          "s.yaml:1: target: unknown scheme 'ftp', got 'ftp://h:1' (expected http://host[:port][/base])"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks: [{path: /}]\nkpis: [{serch: p95 < 1s}]\n",
          "s.yaml:4: kpis[0]: unknown endpoint 'serch' (use 'all', 'server' or a request name)"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks: [{path: /}]\nkpis: [\"serch: p95 < 1s\"]\n",
          "s.yaml:4: kpis[0]: unknown endpoint 'serch' (use 'all', 'server' or a request name)"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks: [{path: /}]\nkpis: [p95 below 1s]\n",
          "s.yaml:4: kpis[0]: expected 'ENDPOINT: EXPRESSION' such as 'search: p95 < 100ms', got 'p95 below 1s'"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\nwait: {between: [3s, 1s]}\ntasks: [{path: /}]\n",
          "s.yaml:3: wait.between: the lower bound 3s is above the upper bound 1s"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks:\n  - {path: /, method: FETCH}\n",
          "s.yaml:4: tasks[0].method: unknown HTTP method 'FETCH' (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s}\ntasks:\n  - {path: /, capture: {x: {regex: \"(a)(b)\"}}}\n",
          "s.yaml:4: tasks[0].capture.x: the regex must have at most one group, it has 2"},
      row{"target: http://h:1\nload: {users: 2, duration: 5s\ntasks: []\n",
          "s.yaml:3: YAML syntax error: end of map flow not found"});
  CAPTURE(yaml);
  CHECK(error_of(yaml) == expected);
}

TEST_CASE("a KPI quoted as one string reads as the one-key map", "[loader]") {
  const auto s = parse_scenario(head + "tasks:\n  - {name: search, path: /s}\nkpis:\n  - \"search: p95 < 100ms\"\n"
                                "  - search: p99 < 1s\n  - 'all:error_rate < 1%'\n", "s.yaml");
  REQUIRE(s.kpis.size() == 3);
  CHECK(s.kpis[0].endpoint == "search");
  CHECK(s.kpis[0].expr == "p95 < 100ms");
  CHECK(s.kpis[1].expr == "p99 < 1s");
  CHECK(s.kpis[2].endpoint == "all");
  CHECK(s.kpis[2].expr == "error_rate < 1%");
}

TEST_CASE("all errors are collected, not just the first", "[loader]") {
  auto msg = error_of("target: http://h:1\nload: {users: 0, duration: -1s}\nbogus: 1\ntasks:\n  - {path: nope}\n");
  CHECK(msg ==
        "s.yaml:3: unknown key 'bogus' in the scenario (expected one of: name, description, target, protocol, headers, "
        "load, wait, warmup, seed, data, on_start, tasks, kpis, tls, connections, max_streams, drain, max_body, "
        "max_error_rate, scrape)\n"
        "s.yaml:2: load.users: expected an integer from 1 to 10000000, got '0'\n"
        "s.yaml:2: load.duration: expected a positive duration with a unit (e.g. 250ms, 30s, 5m, 1h), got '-1s'\n"
        "s.yaml:5: tasks[0].path: must start with '/', got 'nope'");
}

TEST_CASE("captures are visible only after they are made", "[loader][templates]") {
  const std::string on_start =
      head + "on_start:\n  - {name: up, method: POST, path: /v1/documents, capture: {doc: $.id}}\n";
  SECTION("on_start capture is visible to every task") {
    auto s = parse_scenario(on_start + "tasks:\n  - {name: get, path: '/v1/documents/{{doc}}'}\n", "s.yaml");
    REQUIRE(s.variables == std::vector<std::string>{"doc"});
    std::vector<std::string> caps{"abc 1"};
    render_context ctx;
    ctx.captures = caps;
    CHECK(s.tasks[0].steps[0].path.render(ctx) == "/v1/documents/abc%201");
  }
  SECTION("a sequence capture is visible to later steps only") {
    auto ok = head + "tasks:\n  - name: seq\n    sequence:\n      - {path: /a, capture: {j: $.job}}\n"
                     "      - {path: '/b/{{j}}'}\n";
    CHECK_NOTHROW(parse_scenario(ok, "s.yaml"));
    auto bad = head + "tasks:\n  - name: seq\n    sequence:\n      - {path: '/b/{{j}}'}\n"
                      "      - {path: /a, capture: {j: $.job}}\n";
    CHECK(error_of(bad) ==
          "s.yaml:6: tasks[0].sequence[0].path: undefined variable '{{j}}' (not a feeder column, an earlier capture or a builtin)");
  }
  SECTION("a capture of a plain task is not visible to other tasks") {
    auto bad = head + "tasks:\n  - {path: /a, capture: {j: $.job}}\n  - {path: '/b/{{j}}'}\n";
    CHECK_THAT(error_of(bad), Catch::Contains("s.yaml:5: tasks[1].path: undefined variable '{{j}}'"));
  }
}

TEST_CASE("profiles replace the load block", "[loader][profiles]") {
  auto s = parse_scenario(head + "tasks: [{path: /}]\n", "s.yaml");
  apply_profile_text(s, "load:\n  stages:\n    - {duration: 10s, target_rate: 100/s}\n    - {duration: 20s, target_rate: 0}\n",
                     "p.yaml");
  const auto& o = std::get<open_load>(s.load.shape);
  CHECK(o.arrival == arrival_kind::ramping);
  CHECK(o.duration == std::chrono::seconds(30));
  CHECK(o.stages[1].target_rate_per_s == 0);
  CHECK(s.load.where.file == "p.yaml");
  CHECK_FALSE(s.warmup.has_value());  // the profile has none, so the scenario's is dropped too
  try {
    apply_profile_text(s, "load: {users: 1, duration: 1s}\nextra: 1\n", "p.yaml");
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK(std::string(e.what()) == "p.yaml:2: unknown key 'extra' in the profile (expected one of: description, load, warmup, scrape)");
  }
}

TEST_CASE("overrides given with --set are validated like the file", "[loader][overrides]") {
  auto s = parse_scenario(head + "tasks: [{path: /}]\n", "s.yaml");
  apply_override(s, "load.users=10");
  CHECK(std::get<closed_load>(s.load.shape).users == 10);
  CHECK(std::get<closed_load>(s.load.shape).duration == std::chrono::seconds(5));
  apply_override(s, "target=http://10.0.0.2:9000");
  CHECK(s.target.host == "10.0.0.2");
  CHECK(s.target.port == 9000);
  apply_override(s, "load.arrival_rate=50/s");
  CHECK(std::get<open_load>(s.load.shape).rate_per_s == 50);
  CHECK(std::get<open_load>(s.load.shape).duration == std::chrono::seconds(5));
  apply_override(s, "load={users: 3, spawn_rate: 1/s, duration: 2s}");
  CHECK(std::get<closed_load>(s.load.shape).spawn_rate_per_s == 1);
  apply_override(s, "wait={constant: 250ms}");
  CHECK(s.wait.kind == wait_kind::constant);
  CHECK_THROWS_WITH(apply_override(s, "load.users=abc"),
                    "--set load.users=abc: load.users: expected an integer from 1 to 10000000, got 'abc'");
  CHECK_THROWS_WITH(apply_override(s, "lod.users=1"),
                    "--set lod.users=1: unknown key 'lod.users' (target, protocol, name, seed, warmup, wait, load, load.<key>, "
                    "tls.<key>, connections, max_streams, drain, max_body, max_error_rate, scrape, scrape.interval)");
  CHECK_THROWS_WITH(apply_override(s, "warmup=10s"), "--set warmup=10s: warmup: must be shorter than the load duration");
  CHECK(std::get<closed_load>(s.load.shape).users == 3);  // failed overrides change nothing
}

TEST_CASE("several --set overrides are validated together, in any order", "[loader][overrides]") {
  // A scenario whose warmup (2 s) is longer than the shorter duration an override asks for: removing the
  // warmup in a later override makes the whole set consistent (before: the first override failed alone).
  const std::string with_warmup = "target: http://127.0.0.1:8080\nload: {users: 2, duration: 30s}\nwarmup: 2s\n";
  for (const auto& sets : {std::vector<std::string>{"load.duration=1s", "warmup=none"},
                           std::vector<std::string>{"warmup=none", "load.duration=1s"}}) {
    auto s = parse_scenario(with_warmup + "tasks: [{path: /}]\n", "s.yaml");
    apply_overrides(s, sets);
    CHECK(std::get<closed_load>(s.load.shape).duration == std::chrono::seconds(1));
    CHECK_FALSE(s.warmup);
  }
  auto s = parse_scenario(with_warmup + "tasks: [{path: /}]\n", "s.yaml");
  // Still inconsistent after all of them: said once, naming every override; every bad value is reported.
  CHECK_THROWS_WITH(apply_overrides(s, {"load.duration=1s", "seed=3"}),
                    "--set load.duration=1s --set seed=3: warmup: must be shorter than the load duration");
  try {
    apply_overrides(s, {"load.users=abc", "seed=x", "load.duration=1s"});
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("--set load.users=abc: load.users: expected an integer") &&
                             Catch::Contains("--set seed=x: seed:"));
  }
  CHECK(std::get<closed_load>(s.load.shape).duration == std::chrono::seconds(30));  // unchanged
  CHECK(s.warmup);
}

TEST_CASE("every shipped scenario and profile loads cleanly", "[loader][shipped]") {
  namespace fs = std::filesystem;
  const fs::path root(RAGBENCH_SOURCE_DIR);
  std::vector<fs::path> scenarios, profiles;
  for (const auto& e : fs::directory_iterator(root / "scenarios"))
    if (e.path().extension() == ".yaml") scenarios.push_back(e.path());
  for (const auto& e : fs::directory_iterator(root / "profiles"))
    if (e.path().extension() == ".yaml") profiles.push_back(e.path());
  CHECK(scenarios.size() >= 5);
  CHECK(profiles.size() >= 6);
  for (const auto& sp : scenarios) {
    CAPTURE(sp.string());
    scenario s;
    REQUIRE_NOTHROW(s = load_scenario(sp.string()));
    CHECK(!s.tasks.empty());
    for (const auto& pp : profiles) {
      CAPTURE(pp.string());
      auto copy = s;
      CHECK_NOTHROW(apply_profile(copy, pp.string()));
    }
  }
}

TEST_CASE("mutated scenario files give scenario_error or load, never anything else", "[loader][fuzz]") {
  const std::string path = std::string(RAGBENCH_SOURCE_DIR) + "/scenarios/knowledge_assistant.yaml";
  std::ifstream in(path);
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(original.size() > 100);
  std::mt19937_64 rng(2024);
  const std::string alphabet = "{}[]:,-'\"\n #&*!|>%@`$./0123456789abcxyz";
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text = original;
    for (int m = 0; m < 1 + static_cast<int>(rng() % 4); ++m) {
      auto pos = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[pos] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.erase(pos, 1 + rng() % 8); break;
        default: text = text.substr(0, pos) + alphabet[rng() % alphabet.size()] + text.substr(pos); break;
      }
      if (text.empty()) text = "x";
    }
    try {
      parse_scenario(text, path);
      ++loaded;
    } catch (const scenario_error& e) {
      CHECK(std::string(e.what()).starts_with(path + ":"));
      ++rejected;
    }
  }
  CHECK(loaded + rejected == 1500);
  CHECK(rejected > 100);
}
