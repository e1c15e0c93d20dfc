// The A/B plan: the trial order, the metric list and the overall verdict.
#include <catch2/catch.hpp>

#include "loadgen/experiment/ab_analysis.hpp"
#include "loadgen/experiment/ab_metric.hpp"

using namespace ragbench::loadgen;

TEST_CASE("trial order interleaves pairs and is seeded", "[experiment][ab]") {
  const std::string order = trial_order(50, 42);
  REQUIRE(order.size() == 100);
  int ab = 0;
  for (std::size_t i = 0; i < order.size(); i += 2) {
    const std::string pair = order.substr(i, 2);
    CHECK((pair == "AB" || pair == "BA"));
    ab += pair == "AB";
  }
  CHECK(ab > 10);  // both orders occur
  CHECK(ab < 40);
  CHECK(trial_order(50, 42) == order);
  CHECK(trial_order(50, 43) != order);
}

TEST_CASE("metrics: KPI metrics first, merged, then the standard ones", "[experiment][ab]") {
  std::vector<kpi> kpis;
  for (auto [ep, text] : {std::pair{"search", "p95 < 100ms"}, std::pair{"all", "error_rate < 0.1%"},
                          std::pair{"all", "p95 < 200ms"}, std::pair{"search", "p95 <= 150ms"}}) {
    kpis.push_back(std::get<kpi>(parse_kpi(text, ep)));
  }
  auto m = ab_metrics_for(kpis);
  std::vector<std::string> names;
  for (const auto& x : m) names.push_back(x.name);
  CHECK(names == std::vector<std::string>{"search p95", "all error_rate", "all p95", "all p50", "all p99", "all rps"});
  CHECK(m[0].is_kpi);
  CHECK(m[0].kpi_text == "search: p95 < 100ms; search: p95 <= 150ms");
  CHECK(m[0].unit == "ms");
  CHECK(m[1].unit == "%");
  CHECK_FALSE(m[3].is_kpi);
  CHECK(m[5].direction == better_when::higher);
  CHECK(m[2].direction == better_when::lower);
}

TEST_CASE("only a worse KPI metric makes the experiment worse", "[experiment][ab]") {
  ab_metric_result kpi_metric, plain;
  kpi_metric.metric.is_kpi = true;
  plain.verdict = "worse";
  CHECK(overall_verdict({kpi_metric, plain}) == "not-worse");
  kpi_metric.verdict = "worse";
  CHECK(overall_verdict({kpi_metric, plain}) == "worse");
}

TEST_CASE("ab metrics of stream KPIs: named by their series, direction by their meaning, measured", "[experiment][ab][stream]") {
  std::vector<kpi> kpis;
  for (const char* text : {"ttft p95 < 500ms", "tpot p50 < 25ms", "goodput >= 95%", "output_tokens_per_s >= 500",
                           "stream_tokens_per_s p10 >= 20"}) {
    auto r = parse_kpi(text, "chat");
    REQUIRE(std::holds_alternative<kpi>(r));
    kpis.push_back(std::get<kpi>(r));
  }
  const auto ms = ab_metrics_for(kpis);
  auto find = [&](const std::string& name) -> const ab_metric& {
    for (const auto& m : ms)
      if (m.name == name) return m;
    FAIL("no ab metric " << name);
    throw;
  };
  CHECK(find("chat ttft p95").direction == better_when::lower);
  CHECK(find("chat ttft p95").unit == "ms");
  CHECK(find("chat tpot p50").direction == better_when::lower);
  CHECK(find("chat goodput").direction == better_when::higher);
  CHECK(find("chat goodput").unit == "%");
  CHECK(find("chat output_tokens_per_s").direction == better_when::higher);
  CHECK(find("chat stream_tokens_per_s p10").direction == better_when::higher);
  CHECK(find("chat ttft p95").is_kpi);
}
