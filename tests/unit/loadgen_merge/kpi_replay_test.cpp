// The KPIs of a run directory read back from their stored text, for loadgen merge.
#include <catch2/catch.hpp>

#include "loadgen/merge/kpi_replay.hpp"
#include "loadgen/merge/merge_refusal.hpp"
#include "unit/loadgen_merge/synthetic_segments.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

TEST_CASE("kpi replay: every stored KPI parses back into the KPI it came from", "[merge]") {
  const std::vector<std::pair<std::string, std::string>> exprs = {
      {"all", "p99.9 <= 1s after 2s"}, {"search", "error_rate < 0.1%"}, {"query", "ttft p95 < 500ms"},
      {"all", "rps >= 1000/s"},         {"server", "cache_hit_ratio{tier=lru} >= 70%"}, {"a: b", "mean < 5ms"}};
  run_result run = synthetic(1).whole;
  const auto kpis = parsed_kpis(exprs);
  evaluate_kpis(run, kpis, verdict_rules{2.5});
  const kpi_plan plan = kpi_plan_of({"dir", run});
  REQUIRE(plan.kpis.size() == kpis.size());
  for (std::size_t i = 0; i < kpis.size(); ++i) {
    CHECK(plan.kpis[i].display() == kpis[i].display());
    CHECK(plan.kpis[i].endpoint == kpis[i].endpoint);
    CHECK(plan.kpis[i].threshold == kpis[i].threshold);
    CHECK(plan.kpis[i].after_s == kpis[i].after_s);
  }
  REQUIRE(plan.rules.max_error_rate_pct);
  CHECK(*plan.rules.max_error_rate_pct == 2.5);
}

TEST_CASE("kpi replay: the default error-rate bound of a run without KPIs comes back as the bound", "[merge]") {
  run_result run = synthetic(1).whole;
  evaluate_kpis(run, {});
  const kpi_plan plan = kpi_plan_of({"dir", run});
  CHECK(plan.kpis.empty());
  CHECK(plan.rules.max_error_rate_pct == 1.0);
}

TEST_CASE("kpi replay: a KPI that does not parse back is refused, naming the directory", "[merge]") {
  run_result run = synthetic(1).whole;
  run.kpis = {kpi_result{"all: p95 <<< 3", 0, 0, "", false, ""}};
  CHECK_THROWS_WITH(kpi_plan_of({"runs/x", run}), "merge: runs/x: cannot read the KPI 'all: p95 <<< 3' back");
}
