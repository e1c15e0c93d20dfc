// loadgen's Prometheus text exposition parser (loadgen/scrape/exposition_parser): parse_exposition
// never throws and refuses with a line within the text (or 0 for a text past the size bound) and a
// reason; an accepted text stays within the bounds, and written back as text (every family declared
// first, then its samples, labels escaped, values with 17 digits) parses again into the same families
// with the same samples. The first byte picks the bounds: small ones (bit 0) exercise the refusals.
#include "fuzz_check.hpp"

#include "loadgen/scrape/exposition_parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using namespace ragbench::loadgen;

std::string escaped(std::string_view v, bool quote) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string written(const exposition& e) {
  std::string out;
  for (const auto& f : e.families) {
    out += "# HELP " + f.name + " " + escaped(f.help, false) + "\n";
    if (f.type != exposition_type::untyped)
      out += "# TYPE " + f.name + " " + std::string(exposition_type_name(f.type)) + "\n";
  }
  for (const auto& f : e.families) {
    for (const auto& s : f.samples) {
      out += s.name;
      if (!s.labels.empty()) {
        out += "{";
        for (const auto& [k, v] : s.labels) out += k + "=\"" + escaped(v, true) + "\",";
        out += "}";
      }
      out += " " + number(s.value);
      if (s.timestamp_ms) out += " " + std::to_string(*s.timestamp_ms);
      out += "\n";
    }
  }
  return out;
}

// A sample as comparable bytes (NaN compares equal to NaN).
std::tuple<std::string, std::string, std::string, std::string> key(const exposition_sample& s) {
  std::string labels;
  for (const auto& [k, v] : s.labels) labels += k + "\x01" + v + "\x02";
  return {s.name, labels, number(s.value), s.timestamp_ms ? std::to_string(*s.timestamp_ms) : ""};
}

std::vector<std::tuple<std::string, std::string, std::string, std::string>> samples(const exposition& e) {
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
  for (const auto& f : e.families)
    for (const auto& s : f.samples) out.push_back(key(s));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  exposition_limits limits;
  if (data[0] & 1) limits = {4096, 256, 64, 4};
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = parse_exposition(text, limits);
  if (const auto* e = std::get_if<exposition_error>(&parsed)) {
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    FUZZ_CHECK(e->line <= lines, "an error line past the text");
    FUZZ_CHECK(e->line > 0 || text.size() > limits.max_bytes, "line 0 for a text within the size bound");
    FUZZ_CHECK(!e->reason.empty(), "an error without a reason");
    return 0;
  }
  const exposition& first = std::get<exposition>(parsed);
  FUZZ_CHECK(first.sample_count() <= limits.max_samples, "more samples than the bound");
  for (const auto& f : first.families) {
    FUZZ_CHECK(!f.name.empty(), "a family without a name");
    for (const auto& s : f.samples) {
      FUZZ_CHECK(s.labels.size() <= limits.max_labels, "more labels than the bound");
      if (f.type == exposition_type::histogram && s.name.ends_with("_bucket") && s.name != f.name)
        FUZZ_CHECK(s.label("le") != nullptr, "a histogram bucket without le");
    }
  }
  exposition_limits roomy;  // the written text is longer (declarations, trailing commas, 17 digits)
  roomy.max_bytes = 256u << 20;
  roomy.max_line_bytes = 8u << 20;
  auto again = parse_exposition(written(first), roomy);
  FUZZ_CHECK(std::holds_alternative<exposition>(again), "the written-back text does not parse");
  const exposition& second = std::get<exposition>(again);
  FUZZ_CHECK(second.families.size() == first.families.size(), "the written-back text has other families");
  for (std::size_t i = 0; i < first.families.size(); ++i) {
    FUZZ_CHECK(second.families[i].name == first.families[i].name, "a family's name changed");
    FUZZ_CHECK(second.families[i].type == first.families[i].type, "a family's type changed");
    FUZZ_CHECK(second.families[i].help == first.families[i].help, "a family's help changed");
  }
  FUZZ_CHECK(samples(second) == samples(first), "the samples changed when written back");
  return 0;
}
