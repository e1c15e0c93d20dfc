// KPI expressions: a small hand-written scanner (metric op number [unit] [after duration]) and evaluation.
#include "loadgen/report/kpi.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {
namespace {

bool is_latency(kpi_metric m) {
  return m == kpi_metric::percentile || m == kpi_metric::mean || m == kpi_metric::min || m == kpi_metric::max;
}

// Cursor over the expression; columns are 1-based.
struct scanner {
  std::string_view text;
  std::size_t pos = 0;
  void skip_space() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  bool done() {
    skip_space();
    return pos >= text.size();
  }
  std::size_t column() const { return pos + 1; }
  std::string_view word() {  // letters, digits, '_', '.'
    skip_space();
    const auto start = pos;
    while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_' ||
                                 text[pos] == '.')) {
      ++pos;
    }
    return text.substr(start, pos - start);
  }
  std::optional<double> number() {
    skip_space();
    std::size_t end = pos;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
    if (end == pos) return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(text.data() + pos, text.data() + end, v);
    if (ec != std::errc() || p != text.data() + end || !std::isfinite(v)) return std::nullopt;
    pos = end;
    return v;
  }
  std::string_view unit() {  // letters, '%', '/'
    const auto start = pos;
    while (pos < text.size() && (std::isalpha(static_cast<unsigned char>(text[pos])) || text[pos] == '%' ||
                                 text[pos] == '/')) {
      ++pos;
    }
    return text.substr(start, pos - start);
  }
};

// The duration units scenario files accept elsewhere (common/units.hpp): ns, us, ms, s, m, min, h.
std::optional<double> duration_to_ms(double v, std::string_view unit) {
  if (unit == "ns") return v / 1e6;
  if (unit == "us") return v / 1000.0;
  if (unit == "ms") return v;
  if (unit == "s") return v * 1000.0;
  if (unit == "m" || unit == "min") return v * 60'000.0;
  if (unit == "h") return v * 3'600'000.0;
  return std::nullopt;
}

constexpr const char* duration_units = "ns, us, ms, s, m or h";
constexpr double max_after_ms = 8760.0 * 3600 * 1000;  // a year

kpi_parse_error error(std::string msg, std::size_t column) { return {std::move(msg), column}; }

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool compare(double value, kpi_op op, double threshold) {
  switch (op) {
    case kpi_op::lt: return value < threshold;
    case kpi_op::le: return value <= threshold;
    case kpi_op::gt: return value > threshold;
    case kpi_op::ge: return value >= threshold;
    case kpi_op::eq: return value == threshold;
  }
  return false;
}

}  // namespace

std::string kpi::display() const { return endpoint + ": " + text; }

std::string kpi_parse_error::what() const { return "column " + std::to_string(column) + ": " + message; }

std::string_view kpi_unit(kpi_metric metric) {
  if (is_latency(metric)) return "ms";
  if (metric == kpi_metric::error_rate) return "%";
  if (metric == kpi_metric::rps) return "/s";
  return "";
}

std::variant<kpi, kpi_parse_error> parse_kpi(std::string_view text, std::string_view endpoint) {
  kpi k;
  k.endpoint = endpoint.empty() ? "all" : std::string(endpoint);
  k.text = trim(text);
  scanner s{text};
  if (s.done()) return error("empty KPI expression; expected e.g. 'p95 < 200ms'", 1);

  const auto metric_col = s.column();
  const auto metric = s.word();
  if (metric.empty()) return error("expected a metric (pNN, mean, min, max, error_rate, rps, requests, failures)", metric_col);
  if (metric == "mean") k.metric = kpi_metric::mean;
  else if (metric == "min") k.metric = kpi_metric::min;
  else if (metric == "max") k.metric = kpi_metric::max;
  else if (metric == "error_rate") k.metric = kpi_metric::error_rate;
  else if (metric == "rps") k.metric = kpi_metric::rps;
  else if (metric == "requests") k.metric = kpi_metric::requests;
  else if (metric == "failures") k.metric = kpi_metric::failures;
  else if (metric.size() > 1 && metric[0] == 'p') {
    double q = 0;
    auto digits = metric.substr(1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), q);
    if (ec != std::errc() || p != digits.data() + digits.size() || !(q > 0 && q <= 100)) {
      return error("bad percentile '" + std::string(metric) + "'; expected p0.1 .. p100 such as p95 or p99.9",
                   metric_col);
    }
    k.metric = kpi_metric::percentile;
    k.percentile = q;
  } else {
    return error("unknown metric '" + std::string(metric) +
                     "'; expected pNN, mean, min, max, error_rate, rps, requests or failures",
                 metric_col);
  }

  s.skip_space();
  const auto op_col = s.column();
  auto rest = s.text.substr(s.pos);
  if (rest.starts_with("<=")) k.op = kpi_op::le, s.pos += 2;
  else if (rest.starts_with(">=")) k.op = kpi_op::ge, s.pos += 2;
  else if (rest.starts_with("==")) k.op = kpi_op::eq, s.pos += 2;
  else if (rest.starts_with("<")) k.op = kpi_op::lt, s.pos += 1;
  else if (rest.starts_with(">")) k.op = kpi_op::gt, s.pos += 1;
  else return error("expected a comparison (<, <=, >, >=, ==) after '" + std::string(metric) + "'", op_col);

  s.skip_space();
  const auto num_col = s.column();
  auto value = s.number();
  if (!value) return error("expected a non-negative number after the comparison", num_col);
  const auto unit_col = s.column();
  const auto unit = s.unit();
  if (is_latency(k.metric)) {
    if (unit.empty()) return error("'" + std::string(metric) + "' needs a duration unit: " + duration_units, unit_col);
    auto ms = duration_to_ms(*value, unit);
    if (!ms) return error("unknown duration unit '" + std::string(unit) + "'; use " + duration_units, unit_col);
    k.threshold = *ms;
  } else if (k.metric == kpi_metric::error_rate) {
    if (unit == "%") {
      k.threshold = *value;
    } else if (unit.empty()) {
      if (*value > 1) return error("a bare error_rate is a fraction 0..1; write a percentage with '%'", num_col);
      k.threshold = *value * 100.0;
    } else {
      return error("error_rate takes '%' or a bare fraction, not '" + std::string(unit) + "'", unit_col);
    }
  } else if (k.metric == kpi_metric::rps) {
    if (!unit.empty() && unit != "/s") return error("rps takes '/s' or no unit, not '" + std::string(unit) + "'", unit_col);
    k.threshold = *value;
  } else {
    if (!unit.empty()) return error("'" + std::string(metric) + "' is a count and takes no unit", unit_col);
    k.threshold = *value;
  }

  if (!s.done()) {
    const auto after_col = s.column();
    const auto kw = s.word();
    if (kw != "after") return error("unexpected '" + std::string(s.text.substr(after_col - 1)) + "'; only 'after <duration>' may follow", after_col);
    s.skip_space();
    const auto d_col = s.column();
    auto d = s.number();
    const auto d_unit_col = s.column();
    const auto d_unit = d ? s.unit() : std::string_view{};
    if (!d) return error("expected a duration after 'after', e.g. 'after 10s'", d_col);
    auto ms = duration_to_ms(*d, d_unit);
    if (!ms)
      return error(d_unit.empty() ? std::string("'after' needs a duration unit: ") + duration_units
                                  : "unknown duration unit '" + std::string(d_unit) + "' after 'after'; use " + duration_units,
                   d_unit_col);
    // Bounded so evaluation's whole seconds fit an int64 (and NaN/inf are refused).
    if (!(*ms <= max_after_ms)) return error("'after' may be at most 8760h (a year)", d_col);
    k.after_s = *ms / 1000.0;
    if (!s.done()) return error("unexpected text after the 'after' duration", s.column());
  }
  return k;
}

kpi_result evaluate_kpi(const kpi& k, const run_result& run) {
  kpi_result r;
  r.expr = k.display();
  r.threshold = k.threshold;
  r.unit = std::string(kpi_unit(k.metric));

  endpoint_stats agg;
  if (k.endpoint == "all") {
    agg = run.stats.aggregate();
  } else if (const auto* e = run.stats.find(k.endpoint)) {
    agg = *e;
  } else {
    r.message = "no endpoint named '" + k.endpoint + "' in this run";
    return r;
  }

  hdr_histogram latency;
  std::uint64_t requests = agg.requests, failures = agg.failures;
  double seconds = run.duration_s;
  if (k.after_s) {
    const auto from = static_cast<std::int64_t>(std::ceil(*k.after_s));
    std::tie(requests, failures) = agg.series.accumulate(from, latency);
    seconds = run.duration_s - static_cast<double>(from);
  } else {
    latency = agg.latency;
  }

  // Nothing measured proves nothing: whatever the comparison, a KPI over zero requests fails.
  if (requests == 0 || (is_latency(k.metric) && latency.empty())) {
    r.message = k.after_s ? "no samples after second " + std::to_string(static_cast<long long>(std::ceil(*k.after_s)))
                          : "no samples";
    return r;
  }
  if (is_latency(k.metric)) {
    std::uint64_t ns = 0;
    if (k.metric == kpi_metric::percentile) ns = latency.value_at_percentile(k.percentile);
    else if (k.metric == kpi_metric::min) ns = latency.min();
    else if (k.metric == kpi_metric::max) ns = latency.max();
    r.value = k.metric == kpi_metric::mean ? latency.mean() / 1e6 : static_cast<double>(ns) / 1e6;
  } else if (k.metric == kpi_metric::error_rate) {
    r.value = requests ? 100.0 * static_cast<double>(failures) / static_cast<double>(requests) : 0.0;
  } else if (k.metric == kpi_metric::rps) {
    if (!(seconds > 0)) {
      r.message = "the run is not longer than the warm-up";
      return r;
    }
    r.value = static_cast<double>(requests) / seconds;
  } else if (k.metric == kpi_metric::requests) {
    r.value = static_cast<double>(requests);
  } else {
    r.value = static_cast<double>(failures);
  }
  r.pass = compare(r.value, k.op, k.threshold);
  return r;
}

}  // namespace ragbench::loadgen
