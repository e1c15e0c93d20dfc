// Findings beyond the numbers: endpoints that vanished or appeared, KPIs on one side only, unlike
// workloads, folders of unrelated runs, and baselines from other machines.
#include <catch2/catch.hpp>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/like_check.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using Catch::Matchers::Contains;
using ragbench::loadgen::testing::synthetic_endpoint;
using ragbench::loadgen::testing::synthetic_run;

namespace {

compare_options fast_options() {
  compare_options o;
  o.iterations = 200;
  return o;
}

const metric_comparison& row_of(const comparison& c, std::string_view endpoint, compare_metric m) {
  for (const auto& r : c.rows) {
    if (r.endpoint == endpoint && r.metric == m) return r;
  }
  FAIL("no row " << endpoint << " " << to_string(m));
  throw;
}

// A run with "search" and "upload"; upload_requests 0 keeps the endpoint listed without traffic.
run_sample two_endpoint_run(random_source& rng, std::string source, std::uint64_t upload_requests) {
  run_sample r = synthetic_run(rng, std::move(source), {});
  endpoint_sample upload = synthetic_endpoint(rng, "upload", {.requests = std::max<std::uint64_t>(1, upload_requests)});
  if (upload_requests == 0) {
    upload.requests = 0;
    upload.latency.emplace();
    upload.per_second.assign(upload.per_second.size(), 0.0);
    upload.rps = 0;
  }
  r.endpoints.push_back(std::move(upload));
  return r;
}

machine_fingerprint machine(std::string cpu, unsigned cores, double load = 0.5) {
  return {std::move(cpu), cores, "Linux 6.1.0 x86_64", load};
}

}  // namespace

TEST_CASE("an endpoint with traffic in the baseline and none in the candidate is missing and fails",
          "[compare][findings]") {
  random_source rng(1);
  const std::vector<run_sample> base{two_endpoint_run(rng, "a1", 300), two_endpoint_run(rng, "a2", 280)};
  const std::vector<run_sample> cand{two_endpoint_run(rng, "b1", 0), two_endpoint_run(rng, "b2", 0)};
  auto c = compare_runs(base, cand, fast_options());
  for (auto m : all_compare_metrics) CHECK(row_of(c, "upload", m).result == verdict::missing);
  CHECK(c.regressed());
  CHECK(c.endpoints_with(verdict::missing) == std::vector<std::string>{"upload"});
  CHECK_THAT(describe_outcome(c), Contains("REGRESSION") && Contains("1 missing endpoint (upload)"));
  CHECK_THAT(explain(row_of(c, "upload", compare_metric::p50), c.options),
             Contains("580 requests in 2 baseline runs, none in the candidate: missing, which fails"));
  auto o = fast_options();
  o.allow_missing = true;
  c = compare_runs(base, cand, o);
  CHECK(row_of(c, "upload", compare_metric::p50).result == verdict::missing);
  CHECK_FALSE(c.regressed());
  CHECK_THAT(describe_outcome(c), Contains("1 missing endpoint (upload) allowed"));
}

TEST_CASE("an endpoint gone from the candidate's scenario is missing however little traffic it had",
          "[compare][findings]") {
  random_source rng(2);
  const auto c = compare_runs({two_endpoint_run(rng, "a", 2)}, {synthetic_run(rng, "b", {})}, fast_options());
  CHECK(row_of(c, "upload", compare_metric::p50).result == verdict::missing);
  CHECK(row_of(c, "upload", compare_metric::p50).note == "not in the candidate's scenario");
  CHECK(c.regressed());
}

TEST_CASE("silence that the baseline's own runs make plausible is not called missing", "[compare][findings]") {
  random_source rng(3);
  // The users' one-off upload: 0, 12 and 5 requests in three baseline runs (new users only appear on stalls).
  const std::vector<run_sample> base{two_endpoint_run(rng, "a1", 0), two_endpoint_run(rng, "a2", 12),
                                     two_endpoint_run(rng, "a3", 5)};
  const std::vector<run_sample> cand{two_endpoint_run(rng, "b1", 0), two_endpoint_run(rng, "b2", 0)};
  const auto c = compare_runs(base, cand, fast_options());
  const auto& r = row_of(c, "upload", compare_metric::p50);
  CHECK(r.result == verdict::same);
  CHECK(r.method == "no-data");
  CHECK_THAT(r.note, Contains("its absence may be chance"));
  CHECK_FALSE(c.regressed());
  // One baseline run with 2 requests: zero in the candidate is plausible too (Poisson P(0) = 0.14).
  const auto few = compare_runs({two_endpoint_run(rng, "a", 2)}, {two_endpoint_run(rng, "b", 0)}, fast_options());
  CHECK(row_of(few, "upload", compare_metric::p50).result == verdict::same);
}

TEST_CASE("an endpoint only the candidate has is new and does not fail", "[compare][findings]") {
  random_source rng(4);
  const auto c = compare_runs({two_endpoint_run(rng, "a", 0)}, {two_endpoint_run(rng, "b", 50)}, fast_options());
  CHECK(row_of(c, "upload", compare_metric::p95).result == verdict::added);
  CHECK(to_string(verdict::added) == "new");
  CHECK_FALSE(c.regressed());
  CHECK_THAT(describe_outcome(c), Contains("1 new endpoint (upload)"));
}

TEST_CASE("KPIs present on one side only are reported", "[compare][findings]") {
  random_source rng(5);
  auto a = synthetic_run(rng, "a", {});
  auto b = synthetic_run(rng, "b", {});
  a.kpis = {"search: p95 < 100ms", "all: error_rate < 0.1%"};
  b.kpis = {"search: p95 < 100ms", "search: p99 < 200ms"};
  const auto c = compare_runs({a}, {b}, fast_options());
  REQUIRE(c.kpis.size() == 2);
  CHECK(c.kpis[0].expr == "all: error_rate < 0.1%");
  CHECK(c.kpis[0].status == verdict::missing);
  CHECK(c.kpis[1].expr == "search: p99 < 200ms");
  CHECK(c.kpis[1].status == verdict::added);
}

TEST_CASE("unlike workloads are said first, and throughput between different loads is not judged",
          "[compare][findings][like]") {
  random_source rng(6);
  auto a = synthetic_run(rng, "a", {});
  auto b = synthetic_run(rng, "b", {.rps_scale = 0.6});
  a.scenario = b.scenario = "knowledge-assistant";
  a.model = b.model = "closed";
  a.load = "closed: 5 users at 1/s for 20s";
  b.load = "closed: 3 users at 1/s for 20s";
  auto c = compare_runs({a}, {b}, fast_options());
  REQUIRE(c.warnings.size() == 1);
  CHECK_THAT(c.warnings[0], Contains("not like with like") && Contains("'closed: 5 users at 1/s' vs 'closed: 3 users at 1/s'"));
  CHECK(row_of(c, "all", compare_metric::rps).result == verdict::same);
  CHECK(row_of(c, "all", compare_metric::rps).note == "loads differ: throughput not judged");
  b.load = a.load;
  b.scenario = "voiceassist";
  c = compare_runs({a}, {b}, fast_options());
  CHECK_THAT(c.warnings.at(0), Contains("scenario 'knowledge-assistant' vs 'voiceassist'"));
  b.scenario = a.scenario;
  b.load = "closed: 5 users at 1/s for 60s";  // same load, longer: a note, not a warning
  c = compare_runs({a}, {b}, fast_options());
  CHECK(c.warnings.empty());
  CHECK_THAT(c.notes.at(0), Contains("last differently (20s vs 60s)"));
  CHECK(load_shape("open: constant 300/s for 5.00s") == "open: constant 300/s");
}

TEST_CASE("a folder of unrelated runs is not taken as repeats of one side", "[compare][findings][like]") {
  random_source rng(7);
  auto r1 = synthetic_run(rng, "runs/r1", {});
  auto r2 = synthetic_run(rng, "runs/r2", {});
  r1.scenario = "knowledge-assistant";
  r2.scenario = "voiceassist";
  const auto b = synthetic_run(rng, "b", {});
  CHECK_THROWS_WITH(compare_runs({r1, r2}, {b}, fast_options()),
                    Contains("baseline: the runs are not repeats of one configuration") && Contains("runs/r2"));
  r2.scenario = r1.scenario;
  r1.load = "open: constant 300/s for 5.00s";
  r2.load = "open: constant 100/s for 5.00s";
  CHECK_THROWS_WITH(compare_runs({b}, {r1, r2}, fast_options()), Contains("candidate: the runs are not repeats"));
  CHECK_THROWS_WITH(compare_runs({b}, {b}, fast_options(), {r1, r2}), Contains("--noise-from: the runs are not repeats"));
}

TEST_CASE("a baseline from other hardware, or without a fingerprint, is a warning", "[compare][findings][machine]") {
  random_source rng(8);
  auto a = synthetic_run(rng, "a", {});
  auto b = synthetic_run(rng, "b", {});
  b.machine = machine("AMD EPYC 7B13", 2);
  SECTION("no fingerprint in the baseline") {
    const auto c = compare_runs({a}, {b}, fast_options());
    REQUIRE(c.warnings.size() == 1);
    CHECK_THAT(c.warnings[0], Contains("baseline carries no machine fingerprint") && Contains("AMD EPYC 7B13, 2 cores"));
  }
  SECTION("other hardware") {
    a.machine = machine("Intel(R) Xeon(R) Platinum 8375C", 8);
    const auto c = compare_runs({a}, {b}, fast_options());
    REQUIRE(c.warnings.size() == 1);
    CHECK_THAT(c.warnings[0], Contains("other hardware (Intel(R) Xeon(R) Platinum 8375C, 8 cores") &&
                                  Contains("--against"));
  }
  SECTION("the same machine, busy: no warning, a note") {
    a.machine = machine("AMD EPYC 7B13", 2, 11.2);
    const auto c = compare_runs({a}, {b}, fast_options());
    CHECK(c.warnings.empty());
    REQUIRE(c.notes.size() == 1);
    CHECK_THAT(c.notes[0], Contains("1 of 1 baseline runs started on a busy machine (load average up to 11.2 on 2 cores)"));
  }
}
