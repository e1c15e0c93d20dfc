// compare on the stream metrics through the run-to-run noise model: TTFT/ITL/TPOT percentiles and the
// output token rate like latency and rps (runs as random effects, request-level noise within a run; the
// ITL percentile counts streams, not gaps), goodput by a two-proportion test (a fall is worse), rows only
// for endpoints that streamed, missing/new when one side did not, summary.json fallback, renderings and
// --tolerance names.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_options.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/within_run.hpp"
#include "loadgen/report/summary_json.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"
#include "unit/loadgen_report/sample_stream_run.hpp"

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
  double run_sd = 0.05;           // sd of log(run speed factor) of TTFT and ITL: the run-to-run noise
  std::uint64_t streams = 2000;
};

// synthetic_run with streams on "search" (and "all"): TTFT ~ 200 ms, ITL ~ 20 ms (20 gaps per stream),
// each run with its own speed factor.
run_sample stream_run(random_source& rng, std::string source, const stream_spec& s) {
  auto run = synthetic_run(rng, std::move(source), {});
  const double factor = std::exp(s.run_sd * rng.normal());
  endpoint_sample::stream_part p;
  synthetic_spec ttft{.requests = s.streams, .median_ms = 200, .sigma = 0.3, .scale = s.ttft_scale * factor};
  synthetic_spec itl{.requests = 20 * s.streams, .median_ms = 20, .sigma = 0.4, .scale = s.itl_scale * factor};
  synthetic_spec tpot{.requests = s.streams, .median_ms = 20, .sigma = 0.1, .scale = s.itl_scale * factor};
  p.ttft = lognormal_histogram(rng, ttft);
  p.itl = lognormal_histogram(rng, itl);
  p.tpot = lognormal_histogram(rng, tpot);
  p.streams = s.streams;
  p.output_tokens_per_s = s.tokens_per_s * std::exp(0.01 * rng.normal());
  p.tokens = static_cast<std::uint64_t>(p.output_tokens_per_s * run.duration_s);
  for (auto& e : run.endpoints) {
    e.stream = p;
    e.slo_requests = s.judged;
    e.good = s.good;
  }
  return run;
}

std::vector<run_sample> stream_runs(random_source& rng, const std::string& prefix, int n, const stream_spec& s) {
  std::vector<run_sample> out;
  for (int i = 0; i < n; ++i) out.push_back(stream_run(rng, prefix + "-" + std::to_string(i + 1), s));
  return out;
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

TEST_CASE("compare: a slower TTFT and a lower goodput are worse over 5 runs a side, 1 vs 1 says inconclusive",
          "[compare][stream]") {
  random_source rng(11);
  const auto base = stream_runs(rng, "base", 5, {});
  const auto cand = stream_runs(rng, "cand", 5, {.ttft_scale = 1.5, .judged = 1000, .good = 700});
  const auto c = compare_runs(base, cand, fast_options());
  for (auto m : {compare_metric::ttft_p50, compare_metric::ttft_p95, compare_metric::ttft_p99}) {
    INFO(to_string(m));
    const auto& r = row_of(c, "search", m);
    CHECK(r.method == "runs+requests");
    CHECK(r.result == verdict::worse);
    CHECK(r.change == Approx(0.5).margin(0.12));
    CHECK(r.low > 0.2);
  }
  for (auto m : {compare_metric::itl_p99, compare_metric::tpot_p50, compare_metric::tpot_p99,
                 compare_metric::output_tokens_per_s}) {
    INFO(to_string(m));
    CHECK(row_of(c, "search", m).result == verdict::same);
  }
  const auto& g = row_of(c, "search", compare_metric::goodput);
  CHECK(g.method == "two-proportion");
  CHECK(g.baseline == Approx(0.95));
  CHECK(g.candidate == Approx(0.70));
  CHECK(g.change == Approx(-0.25));
  CHECK(g.result == verdict::worse);
  CHECK(c.regressed());
  // The aggregate row carries no stream metrics (it would repeat the streamed endpoints).
  CHECK_FALSE(find_row(c, "all", compare_metric::ttft_p50));

  // The other way round a rise in goodput and a faster TTFT are better.
  const auto back = compare_runs(cand, base, fast_options());
  CHECK(row_of(back, "search", compare_metric::goodput).result == verdict::better);
  CHECK(row_of(back, "search", compare_metric::ttft_p99).result == verdict::better);

  // One run a side: nothing measures the run-to-run noise, and +50 % is below the gross bound.
  const auto single = compare_runs({base[0]}, {cand[0]}, fast_options());
  const auto& t = row_of(single, "search", compare_metric::ttft_p99);
  CHECK(t.method == "within-run");
  CHECK(t.result == verdict::inconclusive);
  CHECK(t.runs_needed >= 3);
  CHECK(row_of(single, "search", compare_metric::goodput).result == verdict::worse);
}

TEST_CASE("compare: A/A streams over 3 runs a side are never called, and a higher token rate is better",
          "[compare][stream]") {
  random_source rng(5);
  int called = 0;
  for (int i = 0; i < 20; ++i) {
    const auto c = compare_runs(stream_runs(rng, "a", 3, {}), stream_runs(rng, "b", 3, {}), fast_options());
    for (const auto& r : c.rows) called += r.result == verdict::worse || r.result == verdict::better;
  }
  CHECK(called <= 1);

  const auto b = stream_runs(rng, "b", 3, {.tokens_per_s = 1500});
  const auto c = stream_runs(rng, "c", 3, {.tokens_per_s = 1950});
  const auto cmp = compare_runs(b, c, fast_options());
  const auto& t = row_of(cmp, "search", compare_metric::output_tokens_per_s);
  CHECK(t.change == Approx(0.3).margin(0.03));
  CHECK(t.result == verdict::better);
  CHECK(compare_runs(c, b, fast_options()).regressed());
}

TEST_CASE("compare: the ITL percentile's noise counts streams, not gaps", "[compare][stream][noise]") {
  random_source rng(7);
  auto many = stream_run(rng, "many", {.streams = 2000});
  auto few = many;  // the same gaps, said to come from 40 streams of 1000 gaps each
  for (auto& e : few.endpoints) e.stream->streams = 40;
  auto variance = [](const run_sample& r) {
    random_source g(1);
    const auto* e = r.find("search");
    return estimate_within_run(*e, e->requests, 500, g)[compare_metric::itl_p99].within_variance;
  };
  CHECK(variance(few) > 10 * variance(many));
  // TTFT has one value per stream: its variance follows its own count.
  random_source g(1);
  const auto* e = many.find("search");
  const auto w = estimate_within_run(*e, e->requests, 500, g);
  CHECK(w[compare_metric::ttft_p99].present);
  CHECK(w[compare_metric::ttft_p99].within_variance > 0);
  CHECK_FALSE(w[compare_metric::goodput].present);
}

TEST_CASE("compare: stream rows only where a side streamed, missing when the candidate stopped", "[compare][stream]") {
  random_source rng(3);
  const auto plain = synthetic_run(rng, "plain", {});
  const auto plain_c = compare_runs({plain}, {synthetic_run(rng, "plain2", {})}, fast_options());
  CHECK(plain_c.rows.size() == 2 * all_compare_metrics.size());
  CHECK_THAT(render_compare_table(plain_c), !Catch::Contains("ttft"));

  const auto streamed = stream_run(rng, "s", {});
  const auto lost = compare_runs({streamed}, {plain}, fast_options());
  const auto& r = row_of(lost, "search", compare_metric::ttft_p99);
  CHECK(r.result == verdict::missing);
  CHECK(r.note == "no streamed responses in the candidate");
  CHECK(row_of(lost, "search", compare_metric::goodput).note == "no requests judged against an SLO in the candidate");
  CHECK(lost.regressed());
  const auto text = render_compare_table(lost);
  CHECK_THAT(text, Catch::Contains("search ttft_p50: no streamed responses in the candidate: missing, which fails"));
  CHECK_THAT(text, Catch::Contains("search goodput: no requests judged against an SLO in the candidate: missing"));
  auto allow = fast_options();
  allow.allow_missing = true;
  CHECK_FALSE(compare_runs({streamed}, {plain}, allow).regressed());

  const auto gained = compare_runs({plain}, {streamed}, fast_options());
  CHECK(row_of(gained, "search", compare_metric::ttft_p50).result == verdict::added);
  CHECK_FALSE(gained.regressed());

  // Streams without an SLO: stream rows, no goodput row.
  auto no_slo = streamed;
  for (auto& e : no_slo.endpoints) e.slo_requests = e.good = 0;
  const auto c2 = compare_runs({no_slo}, {no_slo}, fast_options());
  CHECK(find_row(c2, "search", compare_metric::ttft_p50));
  CHECK_FALSE(find_row(c2, "search", compare_metric::goodput));
}

TEST_CASE("compare: stream metrics from summary.json and from histograms agree", "[compare][stream]") {
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
  CHECK(h->stream->streams == 50);
  CHECK(s->stream->ttft_p99_ms == Approx(h->stream->ttft_p99_ms).epsilon(1e-4));
  CHECK(s->stream->itl_p99_ms == Approx(h->stream->itl_p99_ms).epsilon(1e-4));
  CHECK(s->stream->tpot_p50_ms == Approx(h->stream->tpot_p50_ms).epsilon(1e-4));
  CHECK(s->stream->output_tokens_per_s == Approx(h->stream->output_tokens_per_s).epsilon(1e-3));
  CHECK(s->slo_requests == 50);
  CHECK(s->good == 40);
  CHECK(h->good == 40);
  CHECK_FALSE(from_summary.find("models")->stream);
  // --latency service reads ttft_service.
  const auto service = sample_of(run, "h", true);
  CHECK(service.find("chat")->stream->ttft_p50_ms < h->stream->ttft_p50_ms);

  const auto c = compare_runs({from_summary}, {from_summary}, fast_options());
  const auto& r = row_of(c, "chat", compare_metric::ttft_p95);
  CHECK(r.method == "none");
  CHECK(r.baseline == Approx(s->stream->ttft_p95_ms));
  CHECK(r.result == verdict::same);
  const auto hc = compare_runs({from_hist}, {from_hist}, fast_options());
  CHECK(row_of(hc, "chat", compare_metric::ttft_p95).baseline == Approx(s->stream->ttft_p95_ms).epsilon(0.01));

  auto broken = to_summary_json(run);
  broken["endpoints"]["chat"]["stream"].erase("itl_ms");
  CHECK_THROWS_WITH(sample_from_summary_json(broken, "s.json"), Catch::Contains("s.json: chat.stream: missing field 'itl_ms'"));
  broken = to_summary_json(run);
  broken["endpoints"]["chat"]["goodput"] = 1.5;
  CHECK_THROWS_WITH(sample_from_summary_json(broken, "s.json"), Catch::Contains("'goodput' must be a fraction"));
}

TEST_CASE("compare: stream rows in the table, compare.json, junit.xml and --tolerance", "[compare][stream][report]") {
  random_source rng(2);
  const auto base = stream_runs(rng, "base", 5, {});
  const auto cand = stream_runs(rng, "cand", 5, {.ttft_scale = 1.3});
  auto o = fast_options();
  const auto c = compare_runs(base, cand, o);
  const auto table = render_compare_table(c);
  CHECK_THAT(table, Catch::Contains("ttft_p99") && Catch::Contains("tokens/s") && Catch::Contains("goodput") &&
                        Catch::Contains("ttft_p50 5%") && Catch::Contains("goodput 1.000 pp"));
  CHECK_THAT(table, Catch::Contains("search ttft_p99 +3") && Catch::Contains("worse: beyond the 5% tolerance"));
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
  CHECK_THAT(render_compare_junit(c), Catch::Contains(R"(name="search ttft_p99")") && Catch::Contains(R"(type="regression")"));

  // A 30 % slower TTFT passes a 40 % tolerance; `stream` sets every stream time at once.
  apply_tolerance(o, "stream=40%");
  CHECK(o.tolerance_of(compare_metric::itl_p99) == Approx(0.4));
  CHECK(o.tolerance_of(compare_metric::p99) == Approx(0.05));
  CHECK_FALSE(compare_runs(base, cand, o).regressed());
  apply_tolerance(o, "ttft_p99=10%");
  CHECK(o.tolerance_of(compare_metric::ttft_p99) == Approx(0.1));
  CHECK(compare_runs(base, cand, o).regressed());
  apply_tolerance(o, "goodput=2%");
  CHECK(o.tolerance_of(compare_metric::goodput) == Approx(0.02));
  CHECK_THROWS_WITH(apply_tolerance(o, "ttft=5%"), Catch::Contains("unknown metric 'ttft'"));
  CHECK_THROWS_WITH(apply_tolerance(o, "ttft_p99=30"), Catch::Contains("write 30%"));
}
