// KPI expressions: a small hand-written scanner (metric op number [unit] [after duration]) and evaluation.
#include "loadgen/report/kpi.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "common/units.hpp"
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

constexpr std::pair<std::string_view, kpi_series> series_names[] = {
    {"ttft", kpi_series::ttft},       {"ttft_service", kpi_series::ttft_service},
    {"itl", kpi_series::itl},         {"tpot", kpi_series::tpot},
    {"e2e", kpi_series::e2e},         {"e2e_service", kpi_series::e2e_service},
    {"headers", kpi_series::headers}, {"stream_tokens_per_s", kpi_series::stream_tokens_per_s}};

constexpr const char* metric_list =
    "pNN, mean, min, max (optionally after a stream series: ttft, ttft_service, itl, tpot, e2e, e2e_service, "
    "headers, stream_tokens_per_s), error_rate, rps, requests, failures, rate_limited, output_tokens_per_s, goodput or "
    "goodput_rps";

kpi_parse_error error(std::string msg, std::size_t column) { return {std::move(msg), column}; }

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}


std::optional<kpi_parse_error> parse_op(scanner& s, kpi& k, std::string_view after_what) {
  s.skip_space();
  const auto op_col = s.column();
  auto rest = s.text.substr(s.pos);
  if (rest.starts_with("<=")) k.op = kpi_op::le, s.pos += 2;
  else if (rest.starts_with(">=")) k.op = kpi_op::ge, s.pos += 2;
  else if (rest.starts_with("==")) k.op = kpi_op::eq, s.pos += 2;
  else if (rest.starts_with("<")) k.op = kpi_op::lt, s.pos += 1;
  else if (rest.starts_with(">")) k.op = kpi_op::gt, s.pos += 1;
  else return error("expected a comparison (<, <=, >, >=, ==) after '" + std::string(after_what) + "'", op_col);
  return std::nullopt;
}

// The optional "after <duration>" that ends an expression.
std::optional<kpi_parse_error> parse_after(scanner& s, kpi& k) {
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
    if (is_stream_kpi(k))
      return error("'after' applies to latency, error_rate, rps, requests and failures; stream metrics and goodput "
                   "have no per-second series (use the run's warmup: instead)",
                   after_col);
    if (k.metric == kpi_metric::rate_limited) {
      return error("'rate_limited' is counted over the whole run; 'after' does not apply", after_col);
    }
    // Bounded so evaluation's whole seconds fit an int64 (and NaN/inf are refused).
    if (!(*ms <= max_after_ms)) return error("'after' may be at most 8760h (a year)", d_col);
    k.after_s = *ms / 1000.0;
    if (!s.done()) return error("unexpected text after the 'after' duration", s.column());
  }
  return std::nullopt;
}

// "server: SERIES op number [unit] [after D]" (see kpi.hpp).
std::variant<kpi, kpi_parse_error> parse_server_kpi(kpi k, std::string_view text) {
  scanner s{text};
  if (s.done()) return error("empty KPI expression; expected e.g. 'cpu_seconds_rate < 0.8'", 1);
  const auto name_col = s.column();
  const auto start = s.pos;
  while (s.pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[s.pos])) || text[s.pos] == '_' ||
                                 text[s.pos] == ':'))
    ++s.pos;
  if (s.pos == start || std::isdigit(static_cast<unsigned char>(text[start])))
    return error("expected a scraped series name such as cpu_seconds_rate or cache_hit_ratio{tier=lru}", name_col);
  k.metric = kpi_metric::server_series;
  k.server_series = std::string(text.substr(start, s.pos - start));
  if (s.pos < text.size() && text[s.pos] == '{') {
    const auto close = text.find('}', s.pos);
    if (close == std::string_view::npos) return error("unclosed '{' in the series name", s.column());
    std::string labels;
    for (char c : text.substr(s.pos + 1, close - s.pos - 1))
      if (!std::isspace(static_cast<unsigned char>(c))) labels += c;
    for (std::size_t from = 0; from <= labels.size();) {
      const auto comma = std::min(labels.find(',', from), labels.size());
      const auto pair = std::string_view(labels).substr(from, comma - from);
      if (pair.empty() || pair.find('=') == std::string_view::npos || pair.front() == '=')
        return error("labels are written {name=value,...} as the report shows them", s.column());
      from = comma + 1;
    }
    k.server_series += "{" + labels + "}";
    s.pos = close + 1;
  }
  if (auto e = parse_op(s, k, k.server_series)) return *e;
  s.skip_space();
  const auto num_col = s.column();
  auto value = s.number();
  if (!value) return error("expected a non-negative number after the comparison", num_col);
  const auto unit_col = s.column();
  const auto unit = s.unit();
  k.threshold = *value;
  if (unit.empty()) {
    k.server_unit = "";
  } else if (unit == "%") {
    k.threshold = *value / 100.0, k.server_unit = "ratio";
  } else if (unit == "/s") {
    k.server_unit = "1/s";
  } else if (auto ms = duration_to_ms(*value, unit)) {
    k.threshold = *ms / 1000.0, k.server_unit = "s";
  } else if (auto bytes = parse_size("1" + std::string(unit))) {
    k.threshold = *value * static_cast<double>(*bytes), k.server_unit = "bytes";
  } else {
    return error("unknown unit '" + std::string(unit) + "'; use % (ratios), " + duration_units +
                     " (seconds), B, KB, KiB, MB, MiB, GB or GiB (bytes), /s (rates) or none",
                 unit_col);
  }
  if (auto e = parse_after(s, k)) return *e;
  return k;
}

}  // namespace

std::string kpi::display() const { return endpoint + ": " + text; }

std::string kpi_parse_error::what() const { return "column " + std::to_string(column) + ": " + message; }

std::string_view kpi_unit(kpi_metric metric) {
  if (is_latency(metric)) return "ms";
  if (metric == kpi_metric::error_rate || metric == kpi_metric::goodput) return "%";
  if (metric == kpi_metric::rps || metric == kpi_metric::output_tokens_per_s || metric == kpi_metric::goodput_rps)
    return "/s";
  return "";
}

std::string_view server_unit_display(std::string_view unit) {
  if (unit == "s") return "s";
  if (unit == "bytes") return "B";
  if (unit == "1/s") return "/s";
  return "";
}

std::string server_series_base(const kpi& k) { return k.server_series.substr(0, k.server_series.find('{')); }

std::string_view kpi_unit(const kpi& k) {
  if (k.metric == kpi_metric::server_series) return server_unit_display(k.server_unit);
  if (is_latency(k.metric) && k.series == kpi_series::stream_tokens_per_s) return "/s";
  return kpi_unit(k.metric);
}

std::string_view series_name(kpi_series s) {
  for (const auto& [name, series] : series_names)
    if (series == s) return name;
  return "";
}

bool is_stream_kpi(const kpi& k) {
  return (is_latency(k.metric) && k.series != kpi_series::latency) || k.metric == kpi_metric::output_tokens_per_s ||
         k.metric == kpi_metric::goodput || k.metric == kpi_metric::goodput_rps;
}

std::variant<kpi, kpi_parse_error> parse_kpi(std::string_view text, std::string_view endpoint) {
  kpi k;
  k.endpoint = endpoint.empty() ? "all" : std::string(endpoint);
  k.text = trim(text);
  if (k.endpoint == "server") return parse_server_kpi(std::move(k), text);
  scanner s{text};
  if (s.done()) return error("empty KPI expression; expected e.g. 'p95 < 200ms'", 1);

  auto metric_col = s.column();
  auto metric = s.word();
  if (metric.empty()) return error(std::string("expected a metric: ") + metric_list, metric_col);
  for (const auto& [name, series] : series_names) {
    if (metric != name) continue;
    k.series = series;
    metric_col = s.column();
    metric = s.word();
    if (metric != "mean" && metric != "min" && metric != "max" && !(metric.size() > 1 && metric[0] == 'p'))
      return error("'" + std::string(name) + "' must be followed by pNN, mean, min or max (e.g. '" + std::string(name) +
                       " p95 < 500ms')",
                   metric_col);
    break;
  }
  if (metric == "mean") k.metric = kpi_metric::mean;
  else if (metric == "min") k.metric = kpi_metric::min;
  else if (metric == "max") k.metric = kpi_metric::max;
  else if (metric == "error_rate") k.metric = kpi_metric::error_rate;
  else if (metric == "rps") k.metric = kpi_metric::rps;
  else if (metric == "requests") k.metric = kpi_metric::requests;
  else if (metric == "failures") k.metric = kpi_metric::failures;
  else if (metric == "output_tokens_per_s") k.metric = kpi_metric::output_tokens_per_s;
  else if (metric == "goodput") k.metric = kpi_metric::goodput;
  else if (metric == "goodput_rps") k.metric = kpi_metric::goodput_rps;
  else if (metric == "rate_limited") k.metric = kpi_metric::rate_limited;
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
    return error("unknown metric '" + std::string(metric) + "'; expected " + metric_list, metric_col);
  }

  if (auto e = parse_op(s, k, metric)) return *e;

  s.skip_space();
  const auto num_col = s.column();
  auto value = s.number();
  if (!value) return error("expected a non-negative number after the comparison", num_col);
  const auto unit_col = s.column();
  const auto unit = s.unit();
  if (is_latency(k.metric) && k.series == kpi_series::stream_tokens_per_s) {
    if (!unit.empty() && unit != "/s")
      return error("stream_tokens_per_s takes '/s' or no unit, not '" + std::string(unit) + "'", unit_col);
    k.threshold = *value;
  } else if (is_latency(k.metric)) {
    if (unit.empty()) return error("'" + std::string(metric) + "' needs a duration unit: " + duration_units, unit_col);
    auto ms = duration_to_ms(*value, unit);
    if (!ms) return error("unknown duration unit '" + std::string(unit) + "'; use " + duration_units, unit_col);
    k.threshold = *ms;
  } else if (k.metric == kpi_metric::error_rate || k.metric == kpi_metric::goodput) {
    if (unit == "%") {
      k.threshold = *value;
    } else if (unit.empty()) {
      if (*value > 1)
        return error("a bare " + std::string(metric) + " is a fraction 0..1; write a percentage with '%'", num_col);
      k.threshold = *value * 100.0;
    } else {
      return error(std::string(metric) + " takes '%' or a bare fraction, not '" + std::string(unit) + "'", unit_col);
    }
  } else if (kpi_unit(k.metric) == "/s") {
    if (!unit.empty() && unit != "/s")
      return error(std::string(metric) + " takes '/s' or no unit, not '" + std::string(unit) + "'", unit_col);
    k.threshold = *value;
  } else {
    if (!unit.empty()) return error("'" + std::string(metric) + "' is a count and takes no unit", unit_col);
    k.threshold = *value;
  }

  if (auto e = parse_after(s, k)) return *e;
  return k;
}

}  // namespace ragbench::loadgen
