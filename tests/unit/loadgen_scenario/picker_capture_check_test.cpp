// Weighted choice distribution, capture extraction and check evaluation.
#include <catch2/catch.hpp>

#include "loadgen/scenario/check.hpp"
#include "loadgen/scenario/weighted_picker.hpp"

using namespace ragbench::loadgen;

TEST_CASE("weighted_picker follows the weights (chi-square bound, fixed seed)", "[picker]") {
  std::vector<double> weights = GENERATE(std::vector<double>{1, 1}, std::vector<double>{6, 2, 1, 1},
                                         std::vector<double>{0.5, 10, 3, 0.25, 7});
  weighted_picker p(weights);
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> u(0, 1);
  const int n = 200000;
  std::vector<int> counts(weights.size());
  for (int i = 0; i < n; ++i) ++counts[p.pick(u(rng))];
  double sum = 0, chi2 = 0;
  for (double w : weights) sum += w;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    double expected = n * weights[i] / sum;
    chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  // 99.9th percentile of chi-square with <= 4 degrees of freedom is 18.5.
  CHECK(chi2 < 18.5);
  CHECK(p.pick(0.0) < weights.size());
  CHECK(p.pick(0.9999999999) < weights.size());
  CHECK(p.pick(2.0) < weights.size());
  CHECK_THROWS_AS(weighted_picker(std::vector<double>{1, 0}), std::invalid_argument);
  CHECK_THROWS_AS(weighted_picker(std::vector<double>{}), std::invalid_argument);
}

TEST_CASE("json path subset", "[captures]") {
  auto doc = nlohmann::json::parse(R"({"id":"d1","results":[{"score":0.5,"chunk id":"c"}],"n":3})");
  CHECK(capture_json(doc, "$.id") == "d1");
  CHECK(capture_json(doc, "$.results[0].score") == "0.5");
  CHECK(capture_json(doc, "$.results[0]['chunk id']") == "c");
  CHECK(capture_json(doc, "$.n") == "3");
  CHECK(capture_json(doc, "$.results[1]") == std::nullopt);
  CHECK(capture_json(doc, "$.id.x") == std::nullopt);
  std::string err;
  CHECK_FALSE(parse_json_path("id", &err));
  CHECK(err == "bad JSON path 'id': must start with '$'");
  CHECK_FALSE(parse_json_path("$.a[x]", &err));
  CHECK(err == "bad JSON path '$.a[x]': index must be a non-negative integer or a quoted key");
}

TEST_CASE("header and regex captures, apply_captures", "[captures]") {
  std::vector<header_field> headers{{"Content-Type", "application/json"}, {"location", "/v1/jobs/42"}};
  CHECK(capture_header(headers, "Location") == "/v1/jobs/42");
  CHECK(capture_header(headers, "ETag") == std::nullopt);
  CHECK(capture_regex("job=42; state=done", "job=(\\d+)") == "42");
  CHECK(capture_regex("abc", "b") == "b");
  CHECK(capture_regex("abc", "x(y)") == std::nullopt);

  request_spec spec;
  spec.captures = {{"id", 0, capture_kind::json_path, "$.id", {}},
                   {"loc", 1, capture_kind::header, "location", {}},
                   {"gone", 2, capture_kind::json_path, "$.missing", {}}};
  std::vector<std::string> caps;
  auto missing = apply_captures(spec, headers, R"({"id": 7})", caps);
  CHECK(caps == std::vector<std::string>{"7", "/v1/jobs/42", ""});
  CHECK(missing == std::vector<std::string>{"gone"});
}

TEST_CASE("evaluate_checks", "[checks]") {
  checks c;
  std::vector<header_field> none;
  CHECK(evaluate_checks(c, 204, none, "").ok);
  CHECK(evaluate_checks(c, 503, none, "").failure == "status 503");
  c.statuses = {200, 201};
  CHECK(evaluate_checks(c, 404, none, "").failure == "status 404 not in [200, 201]");
  c.json = {{"$.results[0]", true, {}}, {"$.cache", false, "l1"}};
  CHECK(evaluate_checks(c, 200, none, R"({"results":[1],"cache":"l1"})").ok);
  CHECK(evaluate_checks(c, 200, none, R"({"results":[],"cache":"l1"})").failure == "$.results[0] missing");
  CHECK(evaluate_checks(c, 200, none, R"({"results":[1],"cache":"none"})").failure ==
        "$.cache is \"none\", expected \"l1\"");
  CHECK(evaluate_checks(c, 200, none, "not json").failure == "body is not JSON");
  checks b;
  b.body_contains = {"data:"};
  CHECK(evaluate_checks(b, 200, none, "event: token\ndata: hi\n\n").ok);
  CHECK(evaluate_checks(b, 200, none, "{}").failure == "body does not contain 'data:'");
}
