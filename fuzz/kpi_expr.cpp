// loadgen's KPI language (loadgen/report/kpi): parse_kpi never throws; an error's column lies
// within the expression (or just past its end); a parsed KPI displays without throwing and,
// evaluated against a run without requests, fails with a reason (nothing measured proves nothing).
// The first input byte picks the endpoint the expression is bound to ("all" or "search").
#include "fuzz_check.hpp"

#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"

#include <cstdint>
#include <string_view>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ragbench::loadgen;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = parse_kpi(text, (data[0] & 1) ? "search" : "all");
  if (const auto* e = std::get_if<kpi_parse_error>(&parsed)) {
    FUZZ_CHECK(e->column >= 1 && e->column <= text.size() + 1, "an error column outside the expression");
    FUZZ_CHECK(!e->what().empty(), "an error without a message");
    return 0;
  }
  const kpi& k = std::get<kpi>(parsed);
  (void)k.display();
  (void)kpi_unit(k.metric);
  run_result empty;
  kpi_result r = evaluate_kpi(k, empty);
  FUZZ_CHECK(!r.pass && !r.message.empty(), "a KPI passed, or failed without a reason, on a run without requests");
  return 0;
}
