// loadgen's scenario and profile loader (loadgen/scenario/scenario_loader) with the KPI syntax
// check the CLI passes it. The first input byte picks what the rest is:
//   0 a scenario file (read as if it sat in scenarios/, so the shipped feeds and {{file:...}}
//     references resolve)   1 a profile applied to a small valid scenario   2 one --set override.
// Every refusal must be a scenario_error (file, line and reason); anything else thrown is a bug.
#include "fuzz_check.hpp"

#include "loadgen/report/kpi.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#ifndef RAGBENCH_SOURCE_DIR
#define RAGBENCH_SOURCE_DIR "."
#endif

namespace {

using namespace ragbench::loadgen;

constexpr std::string_view base_scenario = R"(name: base
target: http://127.0.0.1:8080
load: {users: 2, duration: 1s}
tasks:
  - name: search
    method: POST
    path: /v1/search
    json: {query: "vacuum {{user_id}}", k: 5}
kpis:
  - p95 < 200ms
)";

std::string check_kpi(const kpi_spec& k) {
  auto parsed = parse_kpi(k.expr, k.endpoint);
  const auto* e = std::get_if<kpi_parse_error>(&parsed);
  return e ? e->what() : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string dir = RAGBENCH_SOURCE_DIR "/scenarios/";
  try {
    switch (data[0] % 3) {
      case 0: {
        scenario s = parse_scenario(text, dir + "fuzz.yaml", check_kpi);
        FUZZ_CHECK(!s.tasks.empty(), "a scenario without tasks was accepted");
        break;
      }
      case 1: {
        scenario s = parse_scenario(base_scenario, dir + "base.yaml", check_kpi);
        apply_profile_text(s, text, dir + "fuzz_profile.yaml");
        break;
      }
      default: {
        scenario s = parse_scenario(base_scenario, dir + "base.yaml", check_kpi);
        apply_override(s, text);
        break;
      }
    }
  } catch (const scenario_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find(':') != std::string_view::npos, "an error without a location");
  }
  return 0;
}
