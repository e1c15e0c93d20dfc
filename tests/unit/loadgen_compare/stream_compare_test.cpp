// compare on the stream metrics: TTFT/ITL/TPOT percentiles by bootstrap, output tokens/s, goodput by a
// two-proportion test (a fall is worse), rows only for endpoints that streamed, summary.json fallback,
// renderings and --tolerance names.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_options.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/report/summary_json.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"
#include "unit/loadgen_stats/sample_stream_run.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::lognormal_histogram;
using ragbench::loadgen::testing::synthetic_run;
using ragbench::loadgen::testing::synthetic_spec;

namespace {

struct stream_spec {
  double ttft_scale = 1, itl_scale = 1;
  double tokens_per_s = 1500;
  std::uint64_t judged = 1000, good = 950;
};

// synthetic_run with streams on "search" (and "all"): 2000 streams, TTFT ~ 200 ms, ITL ~ 20 ms.
run_sample stream_run(random_source& rng, std::string source, const stream_spec& s) {
  auto run = synthetic_run(rng, std::move(source), {});
  endpoint_sample::stream_part p;
  synthetic_spec ttft{.requests = 2000, .median_ms = 200, .sigma = 0.3, .scale = s.ttft_scale};
  synthetic_spec itl{.requests = 40000, .median_ms = 20, .sigma = 0.4, .scale = s.itl_scale};
  synthetic_spec tpot{.requests = 2000, .median_ms = 20, .sigma = 0.1, .scale = s.itl_scale};
  p.ttft = lognormal_histogram(rng, ttft);
  p.itl = lognormal_histogram(rng, itl);
  p.tpot = lognormal_histogram(rng, tpot);
  p.output_tokens_per_s = s.tokens_per_s;
  for (auto& e : run.endpoints) {
    e.stream = p;
    e.slo_requests = s.judged;
    e.good = s.good;
  }
  return run;
}

compare_options fast_options() {
  compare_options o;
  o.iterations = 500;
  return o;
}

const metric_comparison* find_row(const comparison& c, std::string_view endpoint, compare_metric m) {
  for (const auto& r : c.rows)
    if (r.endpoint == endpoint && r.metric == m) return &r;
  return nullptr;
}

const metric_comparison& row_of(const comparison& c, std::string_view endpoint, compare_metric m) {
  const auto* r = find_row(c, endpoint, m);
  if (!r) FAIL("no row " << endpoint << " " << to_string(m));
  return *r;
}

}  // namespace

TEST_CASE("compare: a slower TTFT and a lower goodput are worse, the unchanged stream metrics same",
          "[compare][stream]") {
  random_source rng(11);
  const auto base = stream_run(rng, "base", {});
  const auto cand = stream_run(rng, "cand", {.ttft_scale = 1.5, .judged = 1000, .good = 700});
  const auto c = compare_runs({base}, {cand}, fast_options());
  for (auto m : {compare_metric::ttft_p50, compare_metric::ttft_p95, compare_metric::ttft_p99}) {
    INFO(to_string(m));
    const auto& r = row_of(c, "search", m);
    CHECK(r.method == "bootstrap");
    CHECK(r.result == verdict::worse);
    CHECK(r.change == Approx(0.5).margin(0.12));
  }
  for (auto m : {compare_metric::itl_p99, compare_metric::tpot_p50, compare_metric::tpot_p99}) {
    INFO(to_string(m));
    CHECK(row_of(c, "search", m).result == verdict::same);
  }
  const auto& g = row_of(c, "search", compare_metric::goodput);
  CHECK(g.method == "two-proportion");
  CHECK(g.baseline == Approx(0.95));
  CHECK(g.candidate == Approx(0.70));
  CHECK(g.change == Approx(-0.25));
  CHECK(g.result == verdict::worse);
  // One run per side: the token rate has no spread to resample, so tolerance only.
  const auto& t = row_of(c, "search", compare_metric::output_tokens_per_s);
  CHECK(t.method == "tolerance-only");
  CHECK(t.result == verdict::same);
  CHECK(c.regressed());

  // The other way round a rise in goodput and a faster TTFT are better.
  const auto back = compare_runs({cand}, {base}, fast_options());
  CHECK(row_of(back, "search", compare_metric::goodput).result == verdict::better);
  CHECK(row_of(back, "search", compare_metric::ttft_p99).result == verdict::better);
}

TEST_CASE("compare: A/A streams are never flagged, and tokens/s across runs is bootstrapped", "[compare][stream]") {
  random_source rng(5);
  int flagged = 0;
  for (int i = 0; i < 10; ++i) {
    const auto c = compare_runs({stream_run(rng, "a", {})}, {stream_run(rng, "b", {})}, fast_options());
    for (const auto& r : c.rows)
      if (r.result != verdict::same) ++flagged;
  }
  CHECK(flagged == 0);

  // Three runs a side, the candidate's token rate 30 % higher: better (higher is better).
  std::vector<run_sample> b, c;
  for (double x : {1500.0, 1480.0, 1530.0}) b.push_back(stream_run(rng, "b", {.tokens_per_s = x}));
  for (double x : {1950.0, 1990.0, 1940.0}) c.push_back(stream_run(rng, "c", {.tokens_per_s = x}));
  const auto cmp = compare_runs(b, c, fast_options());
  const auto& t = row_of(cmp, "search", compare_metric::output_tokens_per_s);
  CHECK(t.method == "bootstrap");
  CHECK(t.result == verdict::better);
  CHECK(compare_runs(c, b, fast_options()).regressed());
}

TEST_CASE("compare: stream rows only where a side streamed, missing when one side did not", "[compare][stream]") {
  random_source rng(3);
  const auto plain = synthetic_run(rng, "plain", {});
  const auto plain_c = compare_runs({plain}, {synthetic_run(rng, "plain2", {})}, fast_options());
  for (const auto& r : plain_c.rows) CHECK_FALSE(is_stream_time(r.metric));
  CHECK(plain_c.rows.size() == 2 * all_compare_metrics.size());
  CHECK_THAT(render_compare_table(plain_c), !Catch::Contains("ttft"));

  const auto streamed = stream_run(rng, "s", {});
  const auto c = compare_runs({plain}, {streamed}, fast_options());
  const auto& r = row_of(c, "search", compare_metric::ttft_p99);
  CHECK(r.method == "missing");
  CHECK(r.note == "no streams in baseline");
  CHECK(row_of(c, "search", compare_metric::goodput).note == "no requests judged against an SLO in baseline");
  CHECK_FALSE(c.regressed());

  // Streams without an SLO: stream rows, no goodput row.
  auto no_slo = streamed;
  for (auto& e : no_slo.endpoints) e.slo_requests = e.good = 0;
  const auto c2 = compare_runs({no_slo}, {no_slo}, fast_options());
  CHECK(find_row(c2, "search", compare_metric::ttft_p50));
  CHECK_FALSE(find_row(c2, "search", compare_metric::goodput));
}

TEST_CASE("compare: stream metrics from summary.json (tolerance only) and from histograms agree", "[compare][stream]") {
  const auto run = testing::sample_stream_run();
  const auto from_summary = sample_from_summary_json(to_summary_json(run), "summary.json");
  const auto from_hist = sample_of(run, "histograms.json");
  const auto* s = from_summary.find("chat");
  const auto* h = from_hist.find("chat");
  REQUIRE(s);
  REQUIRE(h);
  REQUIRE(s->stream);
  REQUIRE(h->stream);
  CHECK_FALSE(s->stream->ttft);
  CHECK(h->stream->ttft);
  CHECK(s->stream->ttft_p99_ms == Approx(h->stream->ttft_p99_ms).epsilon(1e-4));
  CHECK(s->stream->itl_p99_ms == Approx(h->stream->itl_p99_ms).epsilon(1e-4));
  CHECK(s->stream->tpot_p50_ms == Approx(h->stream->tpot_p50_ms).epsilon(1e-4));
  CHECK(s->stream->output_tokens_per_s == Approx(193.6));
  CHECK(s->slo_requests == 50);
  CHECK(s->good == 40);
  CHECK(h->good == 40);
  CHECK_FALSE(from_summary.find("models")->stream);
  // --latency service reads ttft_service.
  const auto service = sample_of(run, "h", true);
  CHECK(service.find("chat")->stream->ttft_p50_ms < h->stream->ttft_p50_ms);

  const auto c = compare_runs({from_summary}, {from_summary}, fast_options());
  const auto& r = row_of(c, "chat", compare_metric::ttft_p95);
  CHECK(r.method == "tolerance-only");
  CHECK(r.result == verdict::same);

  auto broken = to_summary_json(run);
  broken["endpoints"]["chat"]["stream"].erase("itl_ms");
  CHECK_THROWS_WITH(sample_from_summary_json(broken, "s.json"), Catch::Contains("s.json: chat.stream: missing field 'itl_ms'"));
  broken = to_summary_json(run);
  broken["endpoints"]["chat"]["goodput"] = 1.5;
  CHECK_THROWS_WITH(sample_from_summary_json(broken, "s.json"), Catch::Contains("'goodput' must be a fraction"));
}

TEST_CASE("compare: stream rows in the table, compare.json and --tolerance", "[compare][stream][report]") {
  random_source rng(2);
  const auto base = stream_run(rng, "base", {});
  const auto cand = stream_run(rng, "cand", {.ttft_scale = 1.3});
  auto o = fast_options();
  const auto c = compare_runs({base}, {cand}, o);
  const auto table = render_compare_table(c);
  CHECK_THAT(table, Catch::Contains("ttft_p99") && Catch::Contains("tokens/s") && Catch::Contains("goodput") &&
                        Catch::Contains("ttft_p50 5%") && Catch::Contains("goodput 1.000 pp"));
  const auto j = to_compare_json(c);
  CHECK(j["options"]["tolerance"]["ttft_p99"] == 0.05);
  CHECK(j["options"]["tolerance"]["goodput"] == 0.01);
  bool seen = false;
  for (const auto& e : j["endpoints"])
    for (const auto& m : e["metrics"])
      if (m["metric"] == "output_tokens_per_s") {
        seen = true;
        CHECK(m["unit"] == "tokens/s");
      }
  CHECK(seen);

  // A 30 % slower TTFT passes a 40 % tolerance; `stream` sets every stream time at once.
  apply_tolerance(o, "stream=40%");
  CHECK(o.tolerance_of(compare_metric::itl_p99) == Approx(0.4));
  CHECK(o.tolerance_of(compare_metric::p99) == Approx(0.05));
  CHECK_FALSE(compare_runs({base}, {cand}, o).regressed());
  apply_tolerance(o, "ttft_p99=10%");
  CHECK(o.tolerance_of(compare_metric::ttft_p99) == Approx(0.1));
  CHECK(compare_runs({base}, {cand}, o).regressed());
  apply_tolerance(o, "goodput=2%");
  CHECK(o.tolerance_of(compare_metric::goodput) == Approx(0.02));
  CHECK_THROWS_WITH(apply_tolerance(o, "ttft=5%"), Catch::Contains("unknown metric 'ttft'"));
}
