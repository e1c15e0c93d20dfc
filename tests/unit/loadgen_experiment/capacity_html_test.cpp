// capacity.html: golden file (assets replaced by markers), the steps, knee and USL curve in its data.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/experiment/capacity_html.hpp"
#include "loadgen/report/html/html_assets.hpp"
#include "unit/loadgen_report/html_golden.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

namespace {

// A search of 100..500/s: flat latency to 300/s, a knee at 400/s, saturated at 500/s; and a USL fit.
capacity_report sample_capacity() {
  capacity_report r;
  r.scenario = "knowledge-assistant";
  r.plan.start_rate = 100;
  r.plan.step = 100;
  r.plan.max_rate = 500;
  r.step_duration_s = 10;
  r.warmup_s = 2;
  capacity_run run;
  run.target = "http://127.0.0.1:8080";
  const double p99[] = {4, 4.2, 4.5, 9, 60};
  for (int i = 0; i < 5; ++i) {
    capacity_step s;
    s.rate = 100.0 * (i + 1);
    s.m.offered_rps = s.rate;
    s.m.achieved_rps = i < 4 ? s.rate : 430;
    s.m.p50_ms = p99[i] / 3;
    s.m.p95_ms = p99[i] / 1.5;
    s.m.p99_ms = p99[i];
    s.m.requests = static_cast<std::uint64_t>(s.m.achieved_rps * 10);
    if (i == 4) {
      s.status = step_status::saturated;
      s.reason = "achieved 430/s of 500/s offered (86%)";
    }
    run.result.steps.push_back(s);
  }
  run.result.max_passing_rate = 400;
  run.result.first_failing_rate = 500;
  run.result.knee = knee_point{3, 400, 9};
  run.result.peak_throughput = 430;
  run.result.stop_reason = "saturated at 500/s";
  r.runs.push_back(run);
  r.usl_points = parse_usl_points("1=1200,2=2100,4=3500,8=4200");
  r.usl = fit_usl(r.usl_points);
  return r;
}

}  // namespace

TEST_CASE("capacity.html matches its golden file", "[capacity][html]") {
  check_html_golden(render_capacity_html(sample_capacity()), "capacity.html");
}

TEST_CASE("capacity.html carries the steps, the knee and the USL curve", "[capacity][html]") {
  const auto r = sample_capacity();
  const auto html = render_capacity_html(r);
  CHECK(html.find(std::string(html_assets::capacity_js())) != std::string::npos);
  CHECK_THAT(html, Catch::Contains("highest rate meeting every KPI: 400/s") &&
                       Catch::Contains("knee of the p99 curve: 400/s (p99 9.00 ms)") &&
                       Catch::Contains("saturated: achieved 430/s of 500/s offered (86%)"));
  const auto j = page_data(html);
  REQUIRE(j["runs"].size() == 1);
  const auto& steps = j["runs"][0]["steps"];
  REQUIRE(steps.size() == 5);
  CHECK(steps[4]["achieved"] == 430.0);
  CHECK(steps[4]["status"] == "saturated");
  CHECK(j["runs"][0]["knee"]["rate"] == 400.0);
  CHECK(j["runs"][0]["knee"]["p99"] == 9.0);
  const auto& usl = j["usl"];
  CHECK(usl["points"].size() == 4);
  REQUIRE(usl["curve"].size() == 81);
  CHECK(usl["curve"][0][0] == 1.0);
  CHECK(usl["curve"][0][1].get<double>() == Approx(r.usl->lambda).epsilon(1e-6));
  CHECK(usl["curve"].back()[0].get<double>() >= 32.0);  // out to 4x the largest measured N
  if (r.usl->peak_n) CHECK(usl["peak"][0].get<double>() == Approx(*r.usl->peak_n).epsilon(1e-3));
}

TEST_CASE("capacity.html without a search or a fit still renders, and escapes the scenario name", "[capacity][html]") {
  capacity_report r;
  r.scenario = "</script><script>alert(1)</script>";
  r.usl_error = "needs at least 2 points";
  const auto html = render_capacity_html(r);
  std::size_t scripts = 0;
  for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) ++scripts;
  CHECK(scripts == 4);
  CHECK_THAT(html, Catch::Contains("No fit: needs at least 2 points"));
  CHECK(page_data(html)["usl"].is_null());
  CHECK(page_data(html)["runs"].empty());
}
