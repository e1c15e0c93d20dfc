// Settings that would do nothing are said, never silently dropped: a think time under an open model,
// max_connections under a closed one — judged on the scenario as it will run (profile and --set applied).
#include <catch2/catch.hpp>

#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/setting_warnings.hpp"

using namespace ragbench::loadgen;
using Catch::Matchers::Contains;

namespace {

const std::string tasks = "tasks:\n  - {name: get, path: /}\n";

scenario parse(const std::string& head) { return parse_scenario("target: http://127.0.0.1:8080\n" + head + tasks, "s.yaml"); }

}  // namespace

TEST_CASE("a think time under an open model is a warning, naming the file", "[scenario][warnings]") {
  const auto w = ineffective_settings(parse("load: {arrival_rate: 5/s, duration: 2s}\nwait: {constant: 1s}\n"));
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Contains("s.yaml: wait: has no effect under the open model (s.yaml:2)"));
  CHECK(ineffective_settings(parse("load: {users: 2, duration: 2s}\nwait: {constant: 1s}\n")).empty());
}

TEST_CASE("max_connections under a closed model is a warning at the load block", "[scenario][warnings]") {
  const auto w = ineffective_settings(parse("load: {users: 2, duration: 2s, max_connections: 3}\n"));
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Contains("s.yaml:2: load.max_connections: has no effect under the closed model"));
  CHECK(ineffective_settings(parse("load: {arrival_rate: 5/s, duration: 2s, max_connections: 3}\n")).empty());
}

TEST_CASE("the warnings follow the load as it will run: a profile or --set can make a setting idle",
          "[scenario][warnings]") {
  auto s = parse("load: {users: 2, duration: 2s}\nwait: {between: [1s, 2s]}\n");
  CHECK(ineffective_settings(s).empty());
  apply_profile_text(s, "load: {arrival_rate: 20/s, duration: 5s}\n", "smoke.yaml");
  const auto w = ineffective_settings(s);
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Contains("wait: has no effect under the open model (smoke.yaml:1)"));
  apply_override(s, "load={users: 3, duration: 1s}");
  CHECK(ineffective_settings(s).empty());
}
