// The Prometheus text parser: the format's details one by one, and refusals with line and reason.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "loadgen/scrape/exposition_parser.hpp"

using namespace ragbench::loadgen;

namespace {

exposition must_parse(const std::string& text) {
  auto r = parse_exposition(text);
  if (auto* e = std::get_if<exposition_error>(&r)) FAIL("refused: " << e->what() << "\n" << text);
  return std::get<exposition>(r);
}

exposition_error must_refuse(const std::string& text, const exposition_limits& limits = {}) {
  auto r = parse_exposition(text, limits);
  if (std::holds_alternative<exposition>(r)) FAIL("accepted:\n" << text);
  return std::get<exposition_error>(r);
}

}  // namespace

TEST_CASE("exposition: HELP, TYPE, labels, values and timestamps", "[scrape]") {
  const auto e = must_parse(
      "# HELP http_requests_total The total number of HTTP requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "\n"
      "# A normal comment.\n"
      "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
      "metric_without_timestamp_and_labels 12.47\n"
      "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
      "minus_inf -Inf\n"
      "not_a_number NaN\n");
  REQUIRE(e.families.size() == 6);
  const auto* requests = e.find("http_requests_total");
  REQUIRE(requests);
  CHECK(requests->type == exposition_type::counter);
  CHECK(requests->help == "The total number of HTTP requests.");
  REQUIRE(requests->samples.size() == 2);
  CHECK(requests->samples[0].value == 1027);
  CHECK(requests->samples[0].timestamp_ms == 1395066363000);
  CHECK(*requests->samples[1].label("code") == "400");
  CHECK(requests->samples[1].value == 3);

  const auto* msdos = e.find("msdos_file_access_time_seconds");
  REQUIRE(msdos);
  CHECK(msdos->type == exposition_type::untyped);
  CHECK(*msdos->samples[0].label("path") == "C:\\DIR\\FILE.TXT");
  CHECK(*msdos->samples[0].label("error") == "Cannot find file:\n\"FILE.TXT\"");
  CHECK(msdos->samples[0].value == 1.458255915e9);
  CHECK(e.find("metric_without_timestamp_and_labels")->samples[0].labels.empty());
  const auto& weird = e.find("something_weird")->samples[0];
  CHECK(std::isinf(weird.value));
  CHECK(weird.value > 0);
  CHECK(weird.timestamp_ms == -3982045);
  CHECK(e.find("minus_inf")->samples[0].value == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(e.find("not_a_number")->samples[0].value));
  CHECK(e.sample_count() == 7);
}

TEST_CASE("exposition: histogram and summary samples belong to their family", "[scrape]") {
  const auto e = must_parse(
      "# HELP http_request_duration_seconds A histogram of the request duration.\n"
      "# TYPE http_request_duration_seconds histogram\n"
      "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
      "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
      "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
      "http_request_duration_seconds_sum 53423\n"
      "http_request_duration_seconds_count 144320\n"
      "# TYPE rpc_duration_seconds summary\n"
      "rpc_duration_seconds{quantile=\"0.01\"} 3102\n"
      "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
      "rpc_duration_seconds_sum 1.7560473e+07\n"
      "rpc_duration_seconds_count 2693\n"
      "# TYPE jobs_total counter\n"
      "jobs_total 5\n");
  REQUIRE(e.families.size() == 3);
  const auto* h = e.find("http_request_duration_seconds");
  REQUIRE(h);
  CHECK(h->type == exposition_type::histogram);
  REQUIRE(h->samples.size() == 5);
  CHECK(h->samples[2].name == "http_request_duration_seconds_bucket");
  CHECK(*h->samples[2].label("le") == "+Inf");
  CHECK(h->samples[4].name == "http_request_duration_seconds_count");
  const auto* s = e.find("rpc_duration_seconds");
  REQUIRE(s);
  CHECK(s->type == exposition_type::summary);
  CHECK(s->samples.size() == 4);
  CHECK(e.find("jobs_total")->type == exposition_type::counter);
}

TEST_CASE("exposition: blanks, tabs, CRLF, a trailing comma and no final newline are accepted", "[scrape]") {
  const auto e = must_parse("  #   TYPE  a gauge \r\n\t a { x = \"1\" , y=\"2\", }\t 3 \r\n#EOF\nb 4");
  REQUIRE(e.families.size() == 2);
  const auto& a = e.find("a")->samples.at(0);
  CHECK(e.find("a")->type == exposition_type::gauge);
  CHECK(a.labels.size() == 2);
  CHECK(*a.label("y") == "2");
  CHECK(a.value == 3);
  CHECK(e.find("b")->samples.at(0).value == 4);
  CHECK(must_parse("").families.empty());
  CHECK(must_parse("\n\n# only comments\n").families.empty());
  // HELP before TYPE, HELP text escapes, a HELP without a text, other values.
  const auto h = must_parse("# HELP x line\\nbreak \\\\ back\n# TYPE x gauge\nx 1e-3\n# HELP y\ny .5\nz{} 1E-400\n");
  CHECK(h.find("x")->help == "line\nbreak \\ back");
  CHECK(h.find("x")->samples[0].value == 0.001);
  CHECK(h.find("y")->help.empty());
  CHECK(h.find("y")->samples[0].value == 0.5);
  CHECK(h.find("z")->samples[0].value == 0);  // underflow reads as 0, as Go's ParseFloat does
}

TEST_CASE("exposition: malformed input is refused with its line and the reason", "[scrape]") {
  struct bad {
    std::string text;
    std::size_t line;
    std::string reason;  // a part of the message
  };
  const bad cases[] = {
      {"a 1\nb{x=\"1\" 2\n", 2, "expected ',' or '}'"},
      {"a{x=1} 2\n", 1, "double quotes"},
      {"a{x=\"1} 2\n", 1, "no closing '\"'"},
      {"a{x=\"\\t\"} 2\n", 1, "invalid escape '\\t'"},
      {"a{x=\"1\",x=\"2\"} 2\n", 1, "appears twice"},
      {"a{1x=\"1\"} 2\n", 1, "expected a label name"},
      {"a{x \"1\"} 2\n", 1, "expected '='"},
      {"a{x=\"1\"\n", 1, "expected ',' or '}'"},
      {"a\n", 1, "has no value"},
      {"a one\n", 1, "is not a number"},
      {"a 1 2 3\n", 1, "unexpected text after the timestamp"},
      {"a 1 1.5\n", 1, "timestamp"},
      {"a 1e999\n", 1, "not a number (or is out of range)"},
      {"a 0x1p3\n", 1, "not a number"},
      {"a-b 1\n", 1, "after the metric name"},
      {"9a 1\n", 1, "expected a metric name"},
      {"\"quoted\" 1\n", 1, "expected a metric name"},
      {"# TYPE a gauge\n# TYPE a counter\na 1\n", 2, "a second TYPE line"},
      {"# HELP a x\n# HELP a y\n", 2, "a second HELP line"},
      {"# TYPE a gauges\n", 1, "unknown type 'gauges'"},
      {"# TYPE a\n", 1, "needs a type"},
      {"# TYPE a gauge extra\n", 1, "unexpected text after the type"},
      {"# TYPE\n", 1, "needs a metric name"},
      {"# HELP 1a text\n", 1, "invalid metric name"},
      {"# HELP a bad \\q escape\n", 1, "invalid escape"},
      {"a 1\n# TYPE a gauge\n", 2, "comes after samples of a"},
      {"h_bucket{le=\"1\"} 1\n# TYPE h histogram\n", 2, "comes after samples of h_bucket"},
      {"# TYPE h histogram\nh_bucket 1\n", 2, "no 'le' label"},
      {"# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 2, "is not a number"},
      {"# TYPE h histogram\nh 1\n", 2, "without _bucket, _sum or _count"},
      {"# TYPE s summary\ns 1\n", 2, "no 'quantile' label"},
      {"# TYPE s summary\ns{quantile=\"high\"} 1\n", 2, "is not a number"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto e = must_refuse(c.text);
    CHECK(e.line == c.line);
    CHECK_THAT(e.reason, Catch::Contains(c.reason));
    CHECK(e.what() == "line " + std::to_string(c.line) + ": " + e.reason);
  }
}

TEST_CASE("exposition: the bounds refuse input past them", "[scrape]") {
  exposition_limits small;
  small.max_bytes = 64;
  small.max_line_bytes = 16;
  small.max_samples = 3;
  small.max_labels = 2;
  CHECK_THAT(must_refuse(std::string(65, '#'), small).reason, Catch::Contains("at most 64"));
  CHECK(must_refuse(std::string(65, '#'), small).line == 0);
  const auto long_line = must_refuse("a 1\n# " + std::string(20, 'x') + "\n", small);
  CHECK(long_line.line == 2);
  CHECK_THAT(long_line.reason, Catch::Contains("at most 16"));
  CHECK_THAT(must_refuse("a 1\nb 2\nc 3\nd 4\n", small).reason, Catch::Contains("more than 3 samples"));
  CHECK(must_refuse("a 1\nb 2\nc 3\nd 4\n", small).line == 4);
  small.max_line_bytes = 64;
  CHECK_THAT(must_refuse("a{x=\"\",y=\"\",z=\"\"} 1\n", small).reason, Catch::Contains("more than 2 labels"));
}

TEST_CASE("exposition: hostile input ends promptly with an error, never a hang", "[scrape]") {
  // Long runs of the characters the scanner loops on: one pass each.
  for (char c : {'{', '"', '\\', '#', ' ', '=', ','}) {
    std::string text = "a" + std::string(200'000, c);
    CHECK(std::holds_alternative<exposition_error>(parse_exposition(text)));
  }
  std::string many_labels = "a{";
  for (int i = 0; i < 1000; ++i) many_labels += "l" + std::to_string(i) + "=\"v\",";
  many_labels += "} 1\n";
  CHECK_THAT(must_refuse(many_labels).reason, Catch::Contains("more than 128 labels"));
}
