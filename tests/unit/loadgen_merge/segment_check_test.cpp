// loadgen merge refuses inputs that do not belong together, naming the directories, and says what
// share of the load a partial merge covers.
#include <catch2/catch.hpp>

#include "loadgen/merge/merge_refusal.hpp"
#include "loadgen/report/run_dir.hpp"
#include "unit/loadgen_merge/merge_test_support.hpp"
#include "unit/loadgen_merge/synthetic_segments.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

namespace {

// The refusal message of merging `inputs` ("" when it merges).
std::string refusal(std::vector<merge_input> inputs, bool allow_partial = false) {
  try {
    merged(std::move(inputs), allow_partial);
  } catch (const merge_refusal& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("merge refuses a whole run (no segment object)", "[merge]") {
  auto inputs = as_inputs(synthetic(2).segments);
  inputs[1].run.segment.reset();
  inputs[1].dir = "runs/whole";
  CHECK(refusal(inputs) ==
        "merge: runs/whole is a whole run, not a segment (no \"segment\" object; run it with loadgen run --segment I/N)");
}

TEST_CASE("merge refuses segments of different tests: run_id, scenario hash, count", "[merge]") {
  auto inputs = as_inputs(synthetic(3).segments);
  SECTION("run_id") {
    inputs[2].run.segment->run_id = "run-8";
    CHECK(refusal(inputs) == "merge: seg-0 and seg-2 are not segments of the same test: run_id 'run-7' vs 'run-8'");
  }
  SECTION("scenario hash") {
    inputs[1].run.segment->scenario_hash = "sha256:ffff";
    CHECK(refusal(inputs) ==
          "merge: seg-0 and seg-1 are not segments of the same test: scenario_hash 'sha256:0123abcd' vs 'sha256:ffff'");
  }
  SECTION("count") {
    inputs[1].run.segment->count = 4;
    CHECK(refusal(inputs) == "merge: seg-0 and seg-1 are not segments of the same test: segment count '3' vs '4'");
  }
}

TEST_CASE("merge refuses open mixed with closed", "[merge]") {
  auto inputs = as_inputs(synthetic(2).segments);
  inputs[1].run.model = "closed";
  CHECK(refusal(inputs) == "merge: seg-0 and seg-1 are not segments of the same test: load model (open and closed "
                           "cannot be merged) 'open' vs 'closed'");
}

TEST_CASE("merge refuses the same segment twice, naming both directories", "[merge]") {
  auto inputs = as_inputs(synthetic(3).segments);
  inputs.push_back(inputs[1]);
  inputs.back().dir = "copy-of-1";
  CHECK(refusal(inputs) == "merge: segment 1 of 3 comes twice: seg-1 and copy-of-1");
  // Also when it hides in a merged input.
  auto t = synthetic(3);
  const run_result part = merged({t.segments[0], t.segments[1]}, true);
  CHECK_THAT(refusal(as_inputs({part, t.segments[1], t.segments[2]})), Catch::Contains("segment 1 of 3 comes twice"));
}

TEST_CASE("merge refuses different KPIs", "[merge]") {
  auto t = synthetic(2, 6, 40, {{"all", "p95 < 1s"}});
  evaluate_kpis(t.segments[1], {}, verdict_rules{5.0});
  CHECK(refusal(as_inputs(t.segments)) ==
        "merge: seg-0 and seg-1 were checked against different KPIs (--kpi or --max-error-rate differ); merge only "
        "segments of one test");
}

TEST_CASE("merge refuses a missing segment unless --allow-partial, which gives the share", "[merge]") {
  const auto t = synthetic(4);
  const std::vector<run_result> three = {t.segments[3], t.segments[0], t.segments[1]};
  CHECK(refusal(as_inputs(three)) == "merge: segment 2 of 4 of run run-7 is missing; give every segment's directory, "
                                     "or --allow-partial to merge the 3 present");
  CHECK_THAT(refusal(as_inputs({t.segments[1]})), Catch::StartsWith("merge: segments 0, 2, 3 of 4 of run run-7 are missing"));

  auto inputs = as_inputs(three);
  const auto coverage = check_segments(inputs, true);
  CHECK(coverage.present == std::vector<int>{0, 1, 3});
  CHECK(coverage.missing == std::vector<int>{2});
  CHECK(coverage.share() == 0.75);
  CHECK(coverage.describe() == "merged 3 of 4 (partial: 75% of the load; missing segment 2)");
  const run_result m = merge_runs(inputs, coverage);
  CHECK(m.settings.at("segments") == "merged 3 of 4 (partial: 75% of the load; missing segment 2)");
  CHECK(m.segment->merged_from == std::vector<int>{0, 1, 3});
  CHECK(m.totals.requests == t.segments[0].totals.requests + t.segments[1].totals.requests + t.segments[3].totals.requests);
  const std::string md = render(m, "md");
  CHECK_THAT(md, Catch::Contains("Merged from segments 0, 1, 3 of 4 of run `run-7`."));
  CHECK_THAT(md, Catch::Contains("Partial merge: these figures cover 75.0% of the load** (3 of 4 segments)"));
}

TEST_CASE("merge: inputs are sorted by segment index whatever their order", "[merge]") {
  const auto t = synthetic(3);
  auto inputs = as_inputs({t.segments[2], t.segments[0], t.segments[1]});
  check_segments(inputs, false);
  CHECK(inputs[0].dir == "seg-0");
  CHECK(inputs[1].dir == "seg-1");
  CHECK(inputs[2].dir == "seg-2");
}
