// What `validate` must refuse with FILE:LINE before any traffic (issue 11, items 9-11): absurd rates,
// alias bombs, unclosed quotes, duplicate keys, bytes that are not UTF-8, unusable {{file:}}
// templates, empty files; and the run-level keys drain, max_body and max_error_rate.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/yaml_guard.hpp"

using namespace ragbench::loadgen;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::string& yaml, const kpi_syntax_check& check = {}) {
  try {
    parse_scenario(yaml, "s.yaml", check);
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string head = "target: http://127.0.0.1:8080\nload: {users: 2, duration: 5s}\n";
const std::string one_task = "tasks:\n  - {name: get, path: /}\n";

// "levels" levels of aliases, each a list of nine aliases of the level below, under a task's json:
// 9^levels nodes when expanded, a few hundred bytes of text.
std::string alias_bomb(int levels) {
  std::string y = head + "tasks:\n  - name: bomb\n    method: POST\n    path: /\n    json:\n"
                         "      l0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < levels; ++i) {
    std::string a = "*a" + std::to_string(i - 1);
    y += "      l" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + a;
    for (int k = 1; k < 9; ++k) y += ", " + a;
    y += "]\n";
  }
  return y;
}

struct temp_dir {
  fs::path path = fs::temp_directory_path() / ("loadgen-bounds-test-" + std::to_string(::getpid()));
  temp_dir() { fs::create_directories(path); }
  ~temp_dir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("rates above the documented limit are refused with the limit", "[loader][bounds]") {
  // Before: 1e9/s and 1e300/s passed validate; the run then spun both cores and ignored signals.
  using row = std::pair<std::string, std::string>;
  auto [load, expected] = GENERATE(
      row{"{arrival_rate: 1e9/s, duration: 5s}", "s.yaml:2: load.arrival_rate: 1e9/s is above the limit of 10000000/s"},
      row{"{arrival_rate: 1e300/s, duration: 5s}",
          "s.yaml:2: load.arrival_rate: 1e300/s is above the limit of 10000000/s"},
      row{"{arrival: poisson, rate: 20000000, duration: 5s}",
          "s.yaml:2: load.rate: 20000000 is above the limit of 10000000/s"},
      row{"{stages: [{duration: 5s, target_rate: 100/s}, {duration: 5s, target_rate: 7e8/m}]}",
          "s.yaml:2: load.stages[1].target_rate: 7e8/m is above the limit of 10000000/s"},
      row{"{users: 10, spawn_rate: 1e12/h, duration: 5s}",
          "s.yaml:2: load.spawn_rate: 1e12/h is above the limit of 10000000/s"});
  CAPTURE(load);
  CHECK(error_of("target: http://h:1\nload: " + load + "\n" + one_task) == expected);
  CHECK_NOTHROW(parse_scenario("target: http://h:1\nload: {arrival_rate: 10000000/s, duration: 1s}\n" + one_task, "s.yaml"));
}

TEST_CASE("alias expansion is bounded: a YAML bomb is refused at its line", "[loader][bounds]") {
  // Before: 7 levels took 4.6 s and 37 MB to validate, 9 levels ran past 60 s.
  const std::string bomb = alias_bomb(GENERATE(7, 9));
  CHECK(bomb.size() < 700);
  const std::string msg = error_of(bomb);
  CHECK_THAT(msg, Catch::StartsWith("s.yaml:"));
  CHECK_THAT(msg, Catch::Contains("aliases expand this document to more than 100000 nodes"));
  CHECK(check_yaml_text(bomb).problems.size() == 1);
  // Ordinary use of anchors (shared headers, a shared check) still loads.
  CHECK_NOTHROW(parse_scenario(head + "tasks:\n  - {name: a, path: /a, headers: &h {X-A: '1', X-B: '2'}}\n"
                                      "  - {name: b, path: /b, headers: *h}\n",
                               "s.yaml"));
  CHECK_NOTHROW(parse_scenario(alias_bomb(4), "s.yaml"));  // 9^4 = 6561 nodes
}

TEST_CASE("a quoted string that is never closed is refused at its line", "[loader][bounds]") {
  // Before: yaml-cpp ended it at the end of the file and the scenario validated.
  using row = std::pair<std::string, std::string>;
  auto [tail, expected] = GENERATE(
      row{"name: \"unterminated\n",
          "s.yaml:6: a double-quoted string starts here and is not closed before the end of the file (missing \")"},
      row{"    body: 'abc\n  \n",
          "s.yaml:6: a single-quoted string starts here and is not closed before the end of the file (missing ')"},
      row{"    body: &b \"abc \\\" still open\n",
          "s.yaml:6: a double-quoted string starts here and is not closed before the end of the file (missing \")"});
  const std::string yaml = head + "tasks:\n  - name: get\n    path: /\n" + tail;
  CAPTURE(yaml);
  CHECK(error_of(yaml) == expected);
  // Closed ones, with their escapes, are fine.
  CHECK_NOTHROW(parse_scenario(head + "tasks:\n  - {name: \"a \\\"q\\\"\", path: /, body: 'it''s'}\n", "s.yaml"));
}

TEST_CASE("a 10 MB string that is never closed is refused too", "[loader][bounds]") {
  const std::string yaml = head + "tasks:\n  - name: get\n    path: /\n    body: \"" + std::string(10'000'000, 'a') + "\n";
  CHECK_THAT(error_of(yaml), Catch::StartsWith("s.yaml:6: a double-quoted string starts here and is not closed"));
}

TEST_CASE("a key given twice is refused with both lines", "[loader][bounds]") {
  // Before: the second `load:` was ignored silently (the first won).
  CHECK(error_of(head + "load: {users: 50, duration: 5s}\n" + one_task) ==
        "s.yaml:3: duplicate key 'load' (first given at line 2); each key may appear once in a mapping");
  CHECK(error_of(head + "tasks:\n  - name: a\n    path: /\n    name: b\n") ==
        "s.yaml:6: duplicate key 'name' (first given at line 4); each key may appear once in a mapping");
  CHECK(error_of("target: http://h:1\nload: {users: 2, users: 3, duration: 5s}\n" + one_task) ==
        "s.yaml:2: duplicate key 'users' (first given at line 2); each key may appear once in a mapping");
  // Every duplicate is reported, not only the first.
  auto r = check_yaml_text("a: 1\nb: 2\na: 3\nc: {x: 1, x: 2}\n");
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].line == 3);
  CHECK(r.problems[1].line == 4);
  // The same key in different mappings is fine.
  CHECK(check_yaml_text("a: {x: 1}\nb: {x: 1}\nc: [{x: 1}, {x: 2}]\n").problems.empty());
}

TEST_CASE("bytes that are not UTF-8 are refused at their line", "[loader][bounds]") {
  // Before: a task name with bytes 0xFF 0xFE was accepted and went into the reports.
  CHECK(error_of(head + "tasks:\n  - {name: \"g\xff\xfet\", path: /}\n") ==
        "s.yaml:4: not valid UTF-8 (byte 0xFF at column 14); YAML files must be UTF-8 text");
  CHECK(first_invalid_utf8("\xc0\xaf") == 0);          // overlong
  CHECK(first_invalid_utf8("ok \xed\xa0\x80") == 3);   // a surrogate
  CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(first_invalid_utf8("ab\xe2\x82") == 2);        // cut short
  CHECK(first_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80") == std::string::npos);
  CHECK_NOTHROW(parse_scenario(head + "tasks:\n  - {name: \"caf\xc3\xa9 \xf0\x9f\x9a\x80\", path: /}\n", "s.yaml"));
}

TEST_CASE("an empty file is reported at line 1", "[loader][bounds]") {
  // Before: "s.yaml:0: a scenario file must be a mapping ...".
  for (const char* text : {"", "\n\n", "# only a comment\n"})
    CHECK(error_of(text) == "s.yaml:1: the file is empty (expected a YAML mapping)");
}

TEST_CASE("{{file:}} must be a regular file of at most 64 MiB", "[loader][bounds]") {
  // Before: {{file:DIR}} was accepted as empty text and {{file:/dev/zero}} ended in std::bad_alloc.
  temp_dir dir;
  fs::create_directories(dir.path / "adir");
  {
    std::ofstream big(dir.path / "big.txt");
    big.seekp((64 << 20) + 10);
    big << 'x';
  }
  std::ofstream(dir.path / "ok.txt") << "hello";
  const std::string path = (dir.path / "s.yaml").string();
  auto error_for = [&](const std::string& file) {
    try {
      parse_scenario(head + "tasks:\n  - {name: get, path: /, body: \"{{file:" + file + "}}\"}\n", path);
    } catch (const scenario_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(error_for("adir") == path + ":4: tasks[0].body: cannot read file 'adir' (looked for " + dir.path.string() +
                                 "/adir): it is a directory");
  CHECK(error_for("/dev/zero") == path + ":4: tasks[0].body: cannot read file '/dev/zero' (looked for /dev/zero): "
                                         "it is not a regular file (a device, FIFO or socket)");
  CHECK_THAT(error_for("big.txt"), Catch::EndsWith("big.txt): it is larger than 64 MiB (the limit)"));
  CHECK(error_for("ok.txt") == "(no error)");
}

TEST_CASE("scenario files themselves are bounded and must not be directories", "[loader][bounds]") {
  temp_dir dir;
  CHECK_THROWS_WITH(load_scenario(dir.path.string()), Catch::EndsWith("cannot read scenario file: it is a directory"));
  const auto big = (dir.path / "big.yaml").string();
  {
    std::ofstream out(big);
    out << head << one_task << "description: \"" << std::string(65 << 20, 'd') << "\"\n";
  }
  CHECK_THROWS_WITH(load_scenario(big), Catch::EndsWith("it is larger than 64 MiB (the limit)"));
}

TEST_CASE("KPI syntax is checked with the rest of the file", "[loader][bounds]") {
  // Before: KPI syntax errors were reported only once the structural errors were fixed.
  auto check = [](const kpi_spec& k) { return k.expr == "p95 < 1x" ? std::string("column 8: bad unit") : std::string(); };
  CHECK(error_of("target: http://h:1\nload: {users: 0, duration: 5s}\n" + one_task + "kpis:\n  - all: p95 < 1x\n", check) ==
        "s.yaml:2: load.users: expected an integer from 1 to 10000000, got '0'\n"
        "s.yaml:6: kpi 'p95 < 1x': column 8: bad unit");
}

TEST_CASE("drain, max_body and max_error_rate: in the file, per step and by --set", "[loader][bounds]") {
  auto s = parse_scenario(head + "drain: 0s\nmax_body: 1MiB\nmax_error_rate: 5%\n"
                                 "tasks:\n  - {name: a, path: /, max_body: 2KB, check: {body_contains: x}}\n"
                                 "  - {name: b, path: /, capture: {h: {header: X-Id}}}\n"
                                 "  - {name: c, path: /, capture: {id: $.id}}\n",
                          "s.yaml");
  CHECK(s.drain == std::chrono::nanoseconds(0));
  CHECK(s.max_body == (1u << 20));
  CHECK(s.max_error_rate_pct == 5);
  CHECK(s.tasks[0].steps[0].max_body == 2000);
  CHECK(s.tasks[0].steps[0].needs_body());
  CHECK_FALSE(s.tasks[1].steps[0].needs_body());  // a header capture does not read the body
  CHECK(s.tasks[2].steps[0].needs_body());
  apply_override(s, "drain=2s");
  apply_override(s, "max_body=512KiB");
  apply_override(s, "max_error_rate=0.001");
  CHECK(s.drain == std::chrono::seconds(2));
  CHECK(s.max_body == 512u * 1024);
  CHECK(*s.max_error_rate_pct == Approx(0.1));
  CHECK(error_of(head + "drain: soon\nmax_body: 2GiB\nmax_error_rate: 150%\n" + one_task) ==
        "s.yaml:3: drain: expected a duration with a unit (e.g. 250ms, 30s, 5m, 1h), got 'soon'\n"
        "s.yaml:4: max_body: expected a size from 1 byte to 1 GiB like 10MiB, 512KB or 4096, got '2GiB'\n"
        "s.yaml:5: max_error_rate: expected a percentage from 0% to 100% (e.g. 1% or 0.5%) or a fraction from 0 to 1, "
        "got '150%'");
  CHECK_THROWS_WITH(apply_override(s, "load={users: 1, users: 2, duration: 1s}"),
                    Catch::Contains("value: duplicate key 'users'"));
}
