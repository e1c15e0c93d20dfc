// Failure reasons per endpoint: counted per reason with the first sample, bounded in number and size,
// merged exactly, and read back from JSON with validation.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/stats/endpoint_stats.hpp"
#include "loadgen/stats/failure_reasons.hpp"

using namespace ragbench::loadgen;

TEST_CASE("failure reasons: a count per reason and the first sample", "[stats][failures]") {
  failure_reasons f;
  f.add("status 503", 503, "{\"error\":\n  \"busy\"}");
  f.add("status 503", 503, "another body");
  f.add("timeout", 0, "");
  REQUIRE(f.items().size() == 2);
  CHECK(f.items()[0].reason == "status 503");
  CHECK(f.items()[0].count == 2);
  CHECK(f.items()[0].sample == "{\"error\": \"busy\"}");  // the first one, whitespace runs as one space
  CHECK(f.items()[1].sample.empty());
  f.add("timeout", 0, "", 5);
  CHECK(f.top(1).front().reason == "timeout");
  CHECK(f.top(1).front().count == 6);
}

TEST_CASE("failure reasons: samples are short and printable, reasons bounded", "[stats][failures]") {
  CHECK(printable_sample(std::string(1000, 'x')).size() == failure_reasons::max_sample_bytes);
  CHECK(printable_sample(std::string("a\x01\xff" "b\t\tc  ")) == "a..b c");
  failure_reasons f;
  for (int i = 0; i < 40; ++i) f.add("check " + std::to_string(i), 200, "");
  REQUIRE(f.items().size() == failure_reasons::max_reasons);
  CHECK(f.items().back().reason == failure_reasons::other_reasons);
  CHECK(f.items().back().count == 40 - (failure_reasons::max_reasons - 1));
  std::uint64_t total = 0;
  for (const auto& r : f.items()) total += r.count;
  CHECK(total == 40);
  f.add("check 3", 200, "");  // a known reason still counts as itself
  CHECK(f.items()[3].count == 2);
}

TEST_CASE("failure reasons: merging adds counts and keeps the first sample", "[stats][failures]") {
  failure_reasons a, b;
  a.add("status 500", 500, "first");
  b.add("status 500", 500, "second");
  b.add("reset", 0, "");
  a.merge(b);
  REQUIRE(a.items().size() == 2);
  CHECK(a.items()[0].count == 2);
  CHECK(a.items()[0].sample == "first");
  CHECK(a.items()[1].reason == "reset");
}

TEST_CASE("failure reasons: JSON round trip and validation", "[stats][failures]") {
  failure_reasons f;
  f.add("status 404", 404, "not here");
  f.add("$.ok is false, expected true", 200, "{\"ok\":false}", 3);
  CHECK(failure_reasons::from_json(f.to_json(), "x") == f);
  auto bad = f.to_json();
  bad[1]["reason"] = "status 404";
  CHECK_THROWS_WITH(failure_reasons::from_json(bad, "x"), Catch::Contains("listed twice"));
  bad = f.to_json();
  bad[0]["status"] = 1000;
  CHECK_THROWS_WITH(failure_reasons::from_json(bad, "x"), Catch::Contains("0..999"));
  CHECK_THROWS(failure_reasons::from_json(nlohmann::json::object(), "x"));

  // In endpoint_stats: written only when there were failures, and never more than the failures.
  endpoint_stats e;
  e.name = "search";
  e.requests = 4;
  e.failures = 4;
  e.status_counts[404] = 4;
  e.errors[static_cast<std::size_t>(error_kind::status)] = 4;
  for (int i = 0; i < 4; ++i) e.latency.record(std::uint64_t{1000});
  e.reasons.add("status 404", 404, "not here", 4);
  auto j = e.to_json();
  CHECK(endpoint_stats::from_json(j, "h") == e);
  j["failure_reasons"][0]["count"] = 5;
  CHECK_THROWS_WITH(endpoint_stats::from_json(j, "h"), Catch::Contains("more failures than there were"));
  endpoint_stats clean;
  clean.name = "ok";
  CHECK_FALSE(clean.to_json().contains("failure_reasons"));
}
