#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/hdr_histogram.hpp"

using ragbench::hdr_histogram;

namespace {

// The exact percentile under the same definition: the ceil(q/100*n)-th smallest value.
std::uint64_t exact_percentile(const std::vector<std::uint64_t>& sorted, double q) {
  if (q <= 0) return sorted.front();
  auto rank = static_cast<std::size_t>(std::ceil(q / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::vector<std::uint64_t> sample(const std::string& dist, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> v;
  v.reserve(n);
  std::uniform_real_distribution<double> uni(1e3, 3.6e12);  // 1 us .. 1 h
  std::lognormal_distribution<double> logn(std::log(5e6), 1.0);  // around 5 ms, heavy right tail
  std::exponential_distribution<double> expo(1.0 / 2e5);        // mean 200 us
  std::uniform_real_distribution<double> log_uni(std::log(1e3), std::log(3.6e12));
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0;
    if (dist == "uniform") x = uni(rng);
    else if (dist == "lognormal") x = logn(rng);
    else if (dist == "exponential") x = expo(rng) + 1e3;
    else x = std::exp(log_uni(rng));  // log-uniform over the whole range
    v.push_back(static_cast<std::uint64_t>(x));
  }
  return v;
}

}  // namespace

TEST_CASE("bucket arithmetic is consistent and fine enough", "[hdr]") {
  CHECK(hdr_histogram::index_of(0) == 0);
  CHECK(hdr_histogram::index_of(127) == 127);
  CHECK(hdr_histogram::index_of(128) == 128);
  CHECK(hdr_histogram::index_of(hdr_histogram::highest_trackable_value) == hdr_histogram::bucket_count() - 1);
  CHECK(hdr_histogram::index_of(~std::uint64_t{0}) == hdr_histogram::bucket_count() - 1);
  for (std::size_t i = 0; i < hdr_histogram::bucket_count(); ++i) {
    const auto lo = hdr_histogram::lowest_value_of(i);
    const auto hi = hdr_histogram::highest_value_of(i);
    REQUIRE(hdr_histogram::index_of(lo) == i);
    REQUIRE(hdr_histogram::index_of(hi) == i);
    if (i + 1 < hdr_histogram::bucket_count()) REQUIRE(hdr_histogram::lowest_value_of(i + 1) == hi + 1);
    if (lo >= 1000) REQUIRE(static_cast<double>(hi - lo + 1) / static_cast<double>(lo) <= 1.0 / 128 + 1e-12);
  }
}

TEST_CASE("percentiles are within 1% of the exact values", "[hdr]") {
  const auto dist = GENERATE(as<std::string>{}, "uniform", "lognormal", "exponential", "log-uniform");
  auto values = sample(dist, 200'000, 42);
  hdr_histogram h;
  for (auto v : values) h.record(v);
  std::sort(values.begin(), values.end());
  INFO(dist);
  REQUIRE(h.count() == values.size());
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
  long double sum = 0;
  for (auto v : values) sum += static_cast<long double>(v);
  CHECK(h.mean() == Approx(static_cast<double>(sum / values.size())).epsilon(1e-9));
  for (double q : {0.0, 1.0, 10.0, 25.0, 50.0, 66.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
    const auto exact = static_cast<double>(exact_percentile(values, q));
    const auto got = static_cast<double>(h.value_at_percentile(q));
    INFO("q=" << q << " exact=" << exact << " got=" << got);
    CHECK(std::abs(got - exact) <= 0.01 * exact);
  }
}

TEST_CASE("merge equals recording everything into one histogram", "[hdr]") {
  auto a_values = sample("lognormal", 50'000, 1);
  auto b_values = sample("log-uniform", 50'000, 2);
  hdr_histogram a, b, all;
  for (auto v : a_values) { a.record(v); all.record(v); }
  for (auto v : b_values) { b.record(v); all.record(v); }
  hdr_histogram merged;
  merged.add(a);
  merged.add(b);
  CHECK(merged == all);
  CHECK(merged.value_at_percentile(99) == all.value_at_percentile(99));
  merged.add(hdr_histogram{});  // adding an empty histogram changes nothing
  CHECK(merged == all);
}

TEST_CASE("empty, reset and huge values", "[hdr]") {
  hdr_histogram h;
  CHECK(h.empty());
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0);
  CHECK(h.value_at_percentile(99) == 0);
  h.record(std::chrono::nanoseconds(-5));  // clamps to 0
  h.record(~std::uint64_t{0} / 4);         // beyond the trackable range: top bucket, exact max
  CHECK(h.count() == 2);
  CHECK(h.min() == 0);
  CHECK(h.max() == ~std::uint64_t{0} / 4);
  CHECK(h.value_at_percentile(100) == h.max());
  h.reset();
  CHECK(h == hdr_histogram{});
  h.record(1000, 3);
  CHECK(h.count() == 3);
  CHECK(h.sum() == 3000);
  CHECK(h.value_at_percentile(50) == 1000);  // clamped to [min, max]
}

TEST_CASE("iteration visits only non-empty buckets in order", "[hdr]") {
  hdr_histogram h;
  h.record(5);
  h.record(5);
  h.record(1'000'000);
  std::vector<hdr_histogram::bucket> seen;
  h.for_each_bucket([&](const hdr_histogram::bucket& b) { seen.push_back(b); });
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].lowest == 5);
  CHECK(seen[0].count == 2);
  CHECK(seen[1].lowest <= 1'000'000);
  CHECK(seen[1].highest >= 1'000'000);
  CHECK(seen[1].count == 1);
}

TEST_CASE("serialisation round-trips and is sparse", "[hdr]") {
  hdr_histogram h;
  for (auto v : sample("lognormal", 10'000, 7)) h.record(v);
  const auto j = h.to_json();
  CHECK(j["buckets"].size() < 1000);
  CHECK(hdr_histogram::from_json(nlohmann::json::parse(j.dump())) == h);
  CHECK(hdr_histogram::from_json(hdr_histogram{}.to_json()) == hdr_histogram{});
}

TEST_CASE("deserialisation rejects bad input with a clear message", "[hdr]") {
  hdr_histogram h;
  h.record(100);
  h.record(5000);
  const auto good = h.to_json();
  auto bad = [&](auto mutate, const std::string& expected) {
    auto j = good;
    mutate(j);
    INFO(j.dump());
    CHECK_THROWS_WITH(hdr_histogram::from_json(j, "x.json"), Catch::Contains("x.json") && Catch::Contains(expected));
  };
  bad([](auto& j) { j = nlohmann::json::array(); }, "expected a JSON object");
  bad([](auto& j) { j["format"] = "other"; }, "format");
  bad([](auto& j) { j["sub_bucket_bits"] = 8; }, "layout");
  bad([](auto& j) { j.erase("count"); }, "missing field \"count\"");
  bad([](auto& j) { j["count"] = -1; }, "non-negative integer");
  bad([](auto& j) { j["count"] = 3; }, "add up to 2");
  bad([](auto& j) { j["buckets"] = "no"; }, "must be an array");
  bad([](auto& j) { j["buckets"][0] = nlohmann::json::array({1}); }, "bucket #0");
  bad([](auto& j) { j["buckets"][1][0] = 999999; }, "out of range");
  bad([](auto& j) { std::swap(j["buckets"][0], j["buckets"][1]); }, "out of order");
  bad([](auto& j) { j["buckets"][0][1] = 0; }, "zero count");
  bad([](auto& j) { j["min"] = 10; }, "first/last non-empty bucket");
  bad([](auto& j) { j["min"] = 6000; }, "greater than");
}
