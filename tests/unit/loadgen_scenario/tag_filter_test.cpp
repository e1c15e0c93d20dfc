// tags: choose which tasks run (before: accepted, documented, and ignored).
#include <catch2/catch.hpp>

#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/tag_filter.hpp"

using namespace ragbench::loadgen;

namespace {

scenario tagged() {
  return parse_scenario("target: http://127.0.0.1:8080\nload: {users: 1, duration: 1s}\n"
                        "on_start: [{name: login, path: /login}]\n"
                        "tasks:\n"
                        "  - {name: search, path: /s, tags: [read, fast], weight: 3}\n"
                        "  - {name: upload, path: /u, tags: write}\n"
                        "  - name: flow\n    sequence:\n      - {name: a, path: /a, tags: [read]}\n"
                        "      - {name: b, path: /b, tags: [slow]}\n"
                        "  - {name: health, path: /h}\n",
                        "t.yaml");
}

std::vector<std::string> names(const scenario& s) {
  std::vector<std::string> out;
  for (const auto& t : s.tasks) out.push_back(t.name);
  return out;
}

}  // namespace

TEST_CASE("tags: --tags keeps the tasks with a step carrying one, --exclude-tags drops them", "[scenario][tags]") {
  auto s = tagged();
  filter_tasks_by_tags(s, {"read"}, {});
  CHECK(names(s) == std::vector<std::string>{"search", "flow"});
  CHECK(s.total_weight() == 4);
  CHECK(s.on_start.size() == 1);  // on_start always runs
  s = tagged();
  filter_tasks_by_tags(s, {}, {"slow", "write"});
  CHECK(names(s) == std::vector<std::string>{"search", "health"});
  s = tagged();
  filter_tasks_by_tags(s, {"read"}, {"slow"});
  CHECK(names(s) == std::vector<std::string>{"search"});
  s = tagged();
  filter_tasks_by_tags(s, {}, {});
  CHECK(s.tasks.size() == 4);
}

TEST_CASE("an unknown tag or a filter that leaves nothing is an error", "[scenario][tags]") {
  auto s = tagged();
  CHECK_THROWS_WITH(filter_tasks_by_tags(s, {"raed"}, {}),
                    Catch::Contains("t.yaml: no step has the tag 'raed' (tags: 'read', 'fast', 'write', 'slow')"));
  CHECK(s.tasks.size() == 4);
  CHECK_THROWS_WITH(filter_tasks_by_tags(s, {"fast"}, {"read"}), Catch::Contains("the tags leave no task to run"));
}

TEST_CASE("endpoints_by_tag: each tag lists the endpoints of the steps carrying it, on_start included",
          "[scenario][tags]") {
  auto s = tagged();
  s.on_start[0].tags = {"auth"};
  const auto by_tag = endpoints_by_tag(s);
  CHECK(by_tag == std::map<std::string, std::vector<std::string>>{
                      {"auth", {"login"}}, {"fast", {"search"}}, {"read", {"search", "a"}},
                      {"slow", {"b"}}, {"write", {"upload"}}});
  filter_tasks_by_tags(s, {"read"}, {});
  CHECK(endpoints_by_tag(s).count("write") == 0);  // after filtering: only what runs
}
