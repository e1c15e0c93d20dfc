// Stream figures in the KPI language, summary.json, report.md, stats.csv and histograms.json (golden
// files in tests/golden/loadgen/stream/; RAGBENCH_UPDATE_GOLDEN=1 rewrites them).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "loadgen/report/histograms_json.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/report/stream_figures_table.hpp"
#include "loadgen/report/summary_json.hpp"
#include "sample_run.hpp"
#include "sample_stream_run.hpp"

using namespace ragbench::loadgen;
namespace fs = std::filesystem;

namespace {

kpi must_parse(std::string_view text, std::string_view endpoint = "all") {
  auto r = parse_kpi(text, endpoint);
  if (auto* e = std::get_if<kpi_parse_error>(&r)) FAIL("'" << text << "': " << e->what());
  return std::get<kpi>(r);
}

std::string parse_error(std::string_view text) {
  auto r = parse_kpi(text, "all");
  if (auto* e = std::get_if<kpi_parse_error>(&r)) return e->what();
  return "(parsed)";
}

run_result evaluated_stream_sample() {
  auto run = testing::sample_stream_run();
  std::vector<kpi> kpis;
  for (const char* text : {"ttft p95 < 500ms", "itl p99 < 50ms", "tpot p50 < 25ms", "output_tokens_per_s >= 500",
                           "goodput >= 95%"})
    kpis.push_back(must_parse(text, "chat"));
  evaluate_kpis(run, kpis);
  return run;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("stream KPIs parse: a series before the statistic, token rates, goodput", "[kpi][stream]") {
  auto k = must_parse("ttft p95 < 500ms", "send_message");
  CHECK(k.series == kpi_series::ttft);
  CHECK(k.metric == kpi_metric::percentile);
  CHECK(k.percentile == 95);
  CHECK(k.threshold == 500);
  CHECK(k.display() == "send_message: ttft p95 < 500ms");
  CHECK(kpi_unit(k) == "ms");
  CHECK(is_stream_kpi(k));
  CHECK(must_parse("itl p99 < 50ms").series == kpi_series::itl);
  CHECK(must_parse("tpot p50 < 25ms").series == kpi_series::tpot);
  CHECK(must_parse("ttft_service mean < 1s").series == kpi_series::ttft_service);
  CHECK(must_parse("e2e max < 3s").series == kpi_series::e2e);
  CHECK(must_parse("e2e_service p90 < 3s").series == kpi_series::e2e_service);
  CHECK(must_parse("headers p99 < 10ms").series == kpi_series::headers);
  k = must_parse("stream_tokens_per_s p10 >= 20/s");
  CHECK(k.series == kpi_series::stream_tokens_per_s);
  CHECK(kpi_unit(k) == "/s");
  CHECK(k.threshold == 20);
  k = must_parse("output_tokens_per_s >= 500");
  CHECK(k.metric == kpi_metric::output_tokens_per_s);
  CHECK(kpi_unit(k) == "/s");
  k = must_parse("goodput >= 95%");
  CHECK(k.metric == kpi_metric::goodput);
  CHECK(k.threshold == 95);
  CHECK(must_parse("goodput >= 0.9").threshold == Approx(90));
  CHECK(must_parse("goodput_rps >= 10/s").metric == kpi_metric::goodput_rps);
  CHECK_FALSE(is_stream_kpi(must_parse("p95 < 1s")));

  CHECK_THAT(parse_error("ttft < 500ms"), Catch::Contains("'ttft' must be followed by pNN, mean, min or max"));
  CHECK_THAT(parse_error("ttft p95 < 500"), Catch::Contains("needs a duration unit"));
  CHECK_THAT(parse_error("itl p99 < 50ms after 10s"), Catch::Contains("'after' applies to latency"));
  CHECK_THAT(parse_error("goodput >= 95"), Catch::Contains("a bare goodput is a fraction 0..1"));
  CHECK_THAT(parse_error("goodput >= 95ms"), Catch::Contains("goodput takes '%'"));
  CHECK_THAT(parse_error("output_tokens_per_s >= 5ms"), Catch::Contains("output_tokens_per_s takes '/s'"));
  CHECK_THAT(parse_error("stream_tokens_per_s p50 >= 5ms"), Catch::Contains("stream_tokens_per_s takes '/s'"));
  CHECK_THAT(parse_error("tokens >= 5"), Catch::Contains("unknown metric 'tokens'"));
}

TEST_CASE("stream KPIs evaluate against the stream statistics and goodput counts", "[kpi][stream]") {
  const auto run = testing::sample_stream_run();
  auto eval = [&](const char* text, const char* endpoint = "chat") {
    return evaluate_kpi(must_parse(text, endpoint), run);
  };
  const auto& s = *run.stats.find("chat")->stream;
  CHECK(eval("ttft p95 < 500ms").value == Approx(static_cast<double>(s.ttft.value_at_percentile(95)) / 1e6));
  CHECK(eval("ttft p95 < 500ms").pass);
  CHECK(eval("ttft min < 1s").value == Approx(200));
  CHECK(eval("ttft_service min < 1s").value == Approx(197));
  CHECK(eval("itl max < 1s").value == Approx(29));
  CHECK(eval("itl min < 1s").value == Approx(10));
  CHECK(eval("e2e max < 1s").value > eval("ttft max < 1s").value);
  CHECK(s.e2e.count() == 48);  // the two cut streams have none
  // 48 complete streams: 24 with 60 tokens (usage frame), 24 with 20; the 2 cut ones have 8.
  CHECK(s.tokens == 24 * 60 + 24 * 20 + 2 * 8);
  CHECK(eval("output_tokens_per_s >= 500").value == Approx((24.0 * 60 + 24 * 20 + 16) / 10.0));
  CHECK_FALSE(eval("output_tokens_per_s >= 500").pass);
  // TTFT <= 400 ms: streams 0..40, less the cut stream 24: 40 of 50.
  CHECK(eval("goodput >= 95%").value == Approx(80));
  CHECK_FALSE(eval("goodput >= 95%").pass);
  CHECK(eval("goodput_rps >= 1").value == Approx(4));
  CHECK(eval("goodput >= 50%", "all").value == Approx(80));  // "all": only endpoints with an SLO
  CHECK(eval("stream_tokens_per_s min > 0").value > 30);
  CHECK(eval("stream_tokens_per_s min > 0").unit == "/s");

  // No streams or no SLO: the KPI fails and says why, whatever the comparison.
  auto none = eval("ttft p95 < 500ms", "models");
  CHECK_FALSE(none.pass);
  CHECK(none.message == "no streams (no text/event-stream response)");
  auto no_slo = eval("goodput >= 0%", "models");
  CHECK_FALSE(no_slo.pass);
  CHECK_THAT(no_slo.message, Catch::Contains("no requests judged against an SLO"));
  CHECK_FALSE(evaluate_kpi(must_parse("output_tokens_per_s >= 0"), testing::sample_run()).pass);
}

TEST_CASE("stream report writers match the golden files", "[report][stream]") {
  const auto run = evaluated_stream_sample();
  const auto [format, file] = GENERATE(table<std::string, std::string>(
      {{"json", "summary.json"}, {"md", "report.md"}, {"csv", "stats.csv"}, {"junit", "junit.xml"}}));
  const fs::path golden = fs::path(RAGBENCH_SOURCE_DIR) / "tests/golden/loadgen/stream" / file;
  const auto rendered = render(run, format);
  if (std::getenv("RAGBENCH_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << rendered;
  }
  INFO("golden file " << golden << " (set RAGBENCH_UPDATE_GOLDEN=1 to rewrite)");
  REQUIRE(fs::exists(golden));
  CHECK(rendered == slurp(golden));
}

TEST_CASE("summary.json: the stream block and goodput of a streamed endpoint", "[report][stream]") {
  const auto j = to_summary_json(evaluated_stream_sample());
  const auto& chat = j["endpoints"]["chat"];
  REQUIRE(chat.contains("stream"));
  const auto& s = chat["stream"];
  for (const char* k : {"ttft_ms", "ttft_service_ms", "itl_ms", "tpot_ms", "e2e_ms", "e2e_service_ms", "headers_ms",
                        "stream_tokens_per_s"})
    for (const char* q : {"min", "mean", "p50", "p90", "p95", "p99", "p999", "max"}) CHECK(s[k].contains(q));
  CHECK(s["streams"] == 50);
  CHECK(s["cut"] == 2);
  CHECK(s["events"] == 48 * 20 + 2 * 8);
  CHECK(s["tokens"] == 24 * 60 + 24 * 20 + 16);
  CHECK(s["usage_streams"] == 24);
  CHECK(s["tokens_per_event"] == Approx((24.0 * 60 + 24 * 20 + 16) / (48 * 20 + 16)).epsilon(1e-3));
  CHECK(s["output_tokens_per_s"] == Approx(193.6));
  CHECK(s["ttft_ms"]["min"] == 200.0);
  CHECK(chat["goodput"] == 0.8);
  CHECK(chat["goodput_rps"] == 4.0);
  CHECK(chat["goodput_requests"] == 50);
  CHECK(chat["errors"]["stream_cut"] == 2);
  CHECK_FALSE(j["endpoints"]["models"].contains("stream"));
  CHECK_FALSE(j["endpoints"]["models"].contains("goodput"));
  CHECK(j["aggregated"]["goodput"] == 0.8);  // over the endpoints with an SLO
}

TEST_CASE("histograms.json keeps the stream statistics: re-rendered and merged exactly", "[report][stream]") {
  const auto run = evaluated_stream_sample();
  const auto back = run_result_from_histograms_json(to_histograms_json(run), "histograms.json");
  CHECK(back == run);
  CHECK(render(back, "md") == render(run, "md"));
  CHECK(render(back, "json") == render(run, "json"));

  run_stats twice = run.stats;
  twice.merge(run.stats);
  const auto& s = *twice.find("chat")->stream;
  CHECK(s.streams == 100);
  CHECK(s.itl.count() == 2 * run.stats.find("chat")->stream->itl.count());
  CHECK(twice.find("chat")->good == 80);

  auto bad = [&](auto mutate, const std::string& expected) {
    auto j = to_histograms_json(run);
    mutate(j);
    CHECK_THROWS_WITH(run_result_from_histograms_json(j, "h.json"), Catch::Contains(expected));
  };
  bad([](auto& j) { j["stats"]["endpoints"][0]["stream"]["cut"] = 51; }, "more cut streams than streams");
  bad([](auto& j) { j["stats"]["endpoints"][0]["stream"].erase("itl"); }, "missing field \"itl\"");
  bad([](auto& j) { j["stats"]["endpoints"][0]["stream"]["streams"] = 500; }, "more streams than requests");
  bad([](auto& j) { j["stats"]["endpoints"][0]["goodput"]["good"] = 51; }, "more good requests");
  bad([](auto& j) { j["stats"]["endpoints"][0]["stream"]["ttft"]["count"] = 3; }, "ttft");
  // Files written before streams existed still load.
  auto plain = to_histograms_json(testing::sample_run());
  CHECK_NOTHROW(run_result_from_histograms_json(plain, "old.json"));
}

TEST_CASE("docs/loadgen-results.md gives each stream figure the formula the reports print", "[report][stream]") {
  const std::string doc = slurp(fs::path(RAGBENCH_SOURCE_DIR) / "docs/loadgen-results.md");
  REQUIRE_FALSE(doc.empty());
  for (const auto& f : stream_figure_rows) {
    INFO(f.key);
    CHECK_THAT(doc, Catch::Contains(std::string("| `") + f.key + "` | " + f.formula));
  }
  for (const auto& n : stream_name_rows) {
    INFO(n.ours);
    CHECK_THAT(doc, Catch::Contains(std::string(n.aiperf).substr(0, std::string(n.aiperf).find(' '))));
  }
}
