// Templates: compilation, rendering, escaping, builtins and undefined-variable detection.
#include <catch2/catch.hpp>

#include <set>

#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/template_compiler.hpp"

using namespace ragbench::loadgen;

namespace {

compiled_template compile(const std::string& text, escape_mode mode, std::vector<std::string>& errors,
                          const std::vector<std::shared_ptr<feeder>>* feeders = nullptr) {
  template_scope scope;
  scope.feeders = feeders;
  scope.captures = {{"doc", 0}};
  return compile_template(text, mode, scope, errors);
}

}  // namespace

TEST_CASE("templates compile into literal and variable segments", "[templates]") {
  std::vector<std::string> errors;
  std::vector<std::shared_ptr<feeder>> feeders{
      std::make_shared<feeder>("q", std::vector<std::string>{"text", "topic"}, std::vector<feeder_row>{{"a \"b\"", "sql"}},
                               pick_mode::sequential)};
  auto t = compile("id={{doc}}&q={{ q.text }}&u={{user_id}}&i={{iteration}}", escape_mode::none, errors, &feeders);
  REQUIRE(errors.empty());
  REQUIRE(t.segments().size() == 8);
  CHECK(t.segments()[1].kind == segment_kind::capture);
  CHECK(t.segments()[3].kind == segment_kind::feeder_column);
  CHECK(t.segments()[3].column == 0);
  std::vector<std::string> caps{"7"};
  const feeder_row* rows[] = {&feeders[0]->rows()[0]};
  render_context ctx;
  ctx.captures = caps;
  ctx.rows = rows;
  ctx.user_id = 3;
  ctx.iteration = 42;
  std::string out = "prefix:";
  t.render(ctx, out);
  CHECK(out == "prefix:id=7&q=a \"b\"&u=3&i=42");

  auto json = compile("{\"query\":\"{{q.text}}\"}", escape_mode::json, errors, &feeders);
  CHECK(json.render(ctx) == "{\"query\":\"a \\\"b\\\"\"}");
  auto url = compile("/x/{{q.text}}", escape_mode::url, errors, &feeders);
  CHECK(url.render(ctx) == "/x/a%20%22b%22");
  CHECK(errors.empty());
}

TEST_CASE("json bodies serialise YAML and escape substituted values", "[templates]") {
  auto s = parse_scenario(
      "target: http://h:1\nload: {users: 1, duration: 1s}\n"
      "on_start: [{name: up, path: /u, capture: {doc: $.id}}]\n"
      "tasks:\n  - name: t\n    path: /t\n    json: {q: \"{{doc}}\", k: 5, f: 1.5, ok: true, n: ~, s: '5', list: [a, \"{{user_id}}\"],"
      " r: \"{{random_int(1,3)}}\", nested: {x: \"line\\nbreak\"}}\n",
      "s.yaml");
  const auto& step = s.tasks[0].steps[0];
  CHECK(step.body_type == body_kind::json);
  CHECK(step.content_type == "application/json");
  std::vector<std::string> caps{"he said \"hi\"\n"};
  std::mt19937_64 rng(1);
  render_context ctx;
  ctx.captures = caps;
  ctx.user_id = 9;
  ctx.rng = &rng;
  auto body = step.body.render(ctx);
  auto parsed = nlohmann::json::parse(body);
  CHECK(parsed["q"] == "he said \"hi\"\n");
  CHECK(parsed["k"] == 5);
  CHECK(parsed["f"] == 1.5);
  CHECK(parsed["ok"] == true);
  CHECK(parsed["n"].is_null());
  CHECK(parsed["s"] == "5");
  CHECK(parsed["list"] == nlohmann::json::array({"a", 9}));
  CHECK(parsed["r"].is_number_integer());
  CHECK(parsed["r"].get<int>() >= 1);
  CHECK(parsed["r"].get<int>() <= 3);
  CHECK(parsed["nested"]["x"] == "line\nbreak");
}

TEST_CASE("builtins render within their bounds", "[templates]") {
  std::vector<std::string> errors;
  auto t = compile("{{random_int(5,7)}}|{{random_choice(a,b,c)}}|{{uuid}}", escape_mode::none, errors);
  REQUIRE(errors.empty());
  CHECK(t.uses_random());
  std::mt19937_64 rng(42);
  render_context ctx;
  ctx.rng = &rng;
  std::set<std::string> ints, choices;
  for (int i = 0; i < 200; ++i) {
    auto out = t.render(ctx);
    auto a = out.find('|'), b = out.rfind('|');
    ints.insert(out.substr(0, a));
    choices.insert(out.substr(a + 1, b - a - 1));
    auto uuid = out.substr(b + 1);
    REQUIRE(uuid.size() == 36);
    CHECK(uuid[14] == '4');
    CHECK(std::string("89ab").find(uuid[19]) != std::string::npos);
  }
  CHECK(ints == std::set<std::string>{"5", "6", "7"});
  CHECK(choices == std::set<std::string>{"a", "b", "c"});
}

TEST_CASE("bad placeholders are reported", "[templates]") {
  using row = std::pair<std::string, std::string>;
  auto [text, expected] = GENERATE(
      row{"{{missing}}", "undefined variable '{{missing}}' (not a feeder column, an earlier capture or a builtin)"},
      row{"{{random_int(9,1)}}", "random_int needs two integers lo <= hi, got 'random_int(9,1)'"},
      row{"{{random_choice(a,,b)}}", "random_choice has an empty choice in 'random_choice(a,,b)'"},
      row{"{{shuffle(a)}}", "unknown function 'shuffle' (known: random_int, random_choice)"},
      row{"abc {{doc", "unclosed '{{' in 'abc {{doc'"},
      row{"{{}}", "empty placeholder '{{}}'"},
      row{"{{file:no/such.txt}}",
          "cannot read file 'no/such.txt' (looked for no/such.txt): it cannot be opened (No such file or directory)"},
      row{"{{file:/}}", "cannot read file '/' (looked for /): it is a directory"},
      row{"{{file:/dev/zero}}",
          "cannot read file '/dev/zero' (looked for /dev/zero): it is not a regular file (a device, FIFO or socket)"});
  std::vector<std::string> errors;
  compile(text, escape_mode::none, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == expected);
}

TEST_CASE("file placeholders are read once, relative to the scenario", "[templates]") {
  auto s = load_scenario(std::string(RAGBENCH_SOURCE_DIR) + "/scenarios/knowledge_assistant.yaml");
  REQUIRE(!s.on_start.empty());
  std::vector<std::string> caps(s.variables.size());
  render_context ctx;
  ctx.captures = caps;
  auto body = nlohmann::json::parse(s.on_start[0].body.render(ctx));
  CHECK_THAT(body["content"].get<std::string>(), Catch::StartsWith("# Tuning autovacuum"));
}

TEST_CASE("query strings are url-encoded", "[templates]") {
  auto s = parse_scenario("target: http://h:1/api/\nload: {users: 1, duration: 1s}\n"
                          "tasks: [{name: l, path: /v1/documents, query: {limit: '{{user_id}}', q: 'a b&c'}}]\n",
                          "s.yaml");
  render_context ctx;
  ctx.user_id = 12;
  std::string out;
  s.tasks[0].steps[0].render_target(ctx, out);
  CHECK(out == "/api/v1/documents?limit=12&q=a%20b%26c");
}

TEST_CASE("typed placeholders send feeder and capture values as JSON numbers and booleans", "[templates]") {
  // Before: {{row.k}} in a json: body always sent a string ("3"), and ragserver answered 400.
  std::vector<std::shared_ptr<feeder>> feeders{std::make_shared<feeder>(
      "row", std::vector<std::string>{"k", "score", "flag", "text"},
      std::vector<feeder_row>{{"3", "-0.25e2", "true", "say \"hi\""}, {"007", "1.", "yes", "x"}}, pick_mode::sequential)};
  template_scope scope;
  scope.feeders = &feeders;
  std::vector<std::string> errors;
  auto t = compile_template("{{row.k | int}}", escape_mode::json, scope, errors);
  REQUIRE(errors.empty());
  CHECK(t.segments()[0].filter == value_filter::integer);

  auto s = parse_scenario(
      "target: http://h:1\nload: {users: 1, duration: 1s}\n"
      "data:\n  row: {csv: rows.csv}\n"
      "tasks:\n  - name: t\n    path: /t\n"
      "    json: {k: '{{row.k | int}}', score: '{{row.score | number}}', flag: '{{row.flag | bool}}', "
      "plain: '{{row.k}}', text: '{{row.text | json}}'}\n"
      "  - name: raw\n    path: /r\n    content_type: application/json\n"
      "    body: '{\"q\": \"{{row.text | json}}\"}'\n",
      std::string(RAGBENCH_SOURCE_DIR) + "/tests/unit/loadgen_scenario/data/typed.yaml");
  auto render_with = [&](const request_spec& step, std::size_t row) {
    const feeder_row* rows[] = {&s.feeders[0]->rows()[row]};
    render_context ctx;
    ctx.rows = rows;
    return step.body.render(ctx);
  };
  const auto good = nlohmann::json::parse(render_with(s.tasks[0].steps[0], 0));
  CHECK(good["k"] == 3);
  CHECK(good["score"] == -25.0);
  CHECK(good["flag"] == true);
  CHECK(good["plain"] == "3");
  CHECK(good["text"] == "say \"hi\"");
  // Values that are not numbers or booleans still make valid JSON: strings, which the server refuses by name.
  const auto bad = nlohmann::json::parse(render_with(s.tasks[0].steps[0], 1));
  CHECK(bad["k"] == "007");
  CHECK(bad["score"] == "1.");
  CHECK(bad["flag"] == "yes");
  // | json escapes a raw body's value.
  CHECK(nlohmann::json::parse(render_with(s.tasks[1].steps[0], 0))["q"] == "say \"hi\"");
}

TEST_CASE("filters are checked at load", "[templates]") {
  std::vector<std::string> errors;
  compile("{{doc | float}}", escape_mode::json, errors);
  compile("{{doc | int}}", escape_mode::url, errors);
  compile("{{user_id | int}}", escape_mode::json, errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "unknown filter 'float' in '{{doc | float}}' (known: int, number, bool, json)");
  CHECK(errors[1] == "'| int' makes a JSON number: it applies to a value of a json: body only ('| json' escapes text anywhere)");
  CHECK(errors[2] == "a filter applies to a capture or a feeder column, not to '{{user_id}}'");
  errors.clear();
  auto choice = compile("{{random_choice(a|b, c)}}", escape_mode::none, errors);  // a '|' inside parentheses
  CHECK(errors.empty());
  CHECK(choice.segments()[0].choices.size() == 2);
  try {
    parse_scenario("target: http://h:1\nload: {users: 1, duration: 1s}\n"
                   "on_start: [{name: up, path: /u, capture: {doc: $.id}}]\n"
                   "tasks:\n  - {name: t, path: /t, json: {k: 'id-{{doc | int}}'}}\n",
                   "s.yaml");
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("s.yaml:5: tasks[0].json.k:") && Catch::Contains("must be the whole value"));
  }
}
