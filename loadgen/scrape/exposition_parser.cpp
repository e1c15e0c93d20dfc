// The Prometheus text exposition parser: a line splitter, a hand-written scanner per statement
// (comment or sample), and the bookkeeping that groups samples into families.
#include "loadgen/scrape/exposition_parser.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "common/ascii.hpp"

namespace ragbench::loadgen {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_label_start(char c) { return is_name_start(c) && c != ':'; }
bool is_label_char(char c) { return is_name_char(c) && c != ':'; }

// A token for messages: at most 40 bytes of it, quoted.
std::string shown(std::string_view t) {
  return "'" + std::string(t.substr(0, 40)) + (t.size() > 40 ? "...'" : "'");
}

// A float as Go's strconv.ParseFloat reads it in the Prometheus parser (decimal forms, Inf, NaN).
std::optional<double> parse_float(std::string_view t) {
  bool negative = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    negative = t[0] == '-';
    t.remove_prefix(1);
  }
  if (iequals(t, "inf") || iequals(t, "infinity"))
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (iequals(t, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (t.empty() || !((t[0] >= '0' && t[0] <= '9') || t[0] == '.')) return std::nullopt;
  for (char c : t)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (end != t.data() + t.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    v = std::strtod(std::string(t).c_str(), nullptr);  // underflow reads as 0 (as in Go); overflow is refused
    if (std::isinf(v)) return std::nullopt;
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<std::int64_t> parse_timestamp(std::string_view t) {
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (t.empty() || t[0] == '+') return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

// Cursor over one line (without its line end).
struct cursor {
  std::string_view s;
  std::size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return pos < s.size() ? s[pos] : '\0'; }
  void skip_blanks() {
    while (pos < s.size() && is_blank(s[pos])) ++pos;
  }
  std::string_view token() {  // up to the next blank
    const auto start = pos;
    while (pos < s.size() && !is_blank(s[pos])) ++pos;
    return s.substr(start, pos - start);
  }
  std::string_view metric_name() {
    const auto start = pos;
    if (pos < s.size() && is_name_start(s[pos]))
      while (pos < s.size() && is_name_char(s[pos])) ++pos;
    return s.substr(start, pos - start);
  }
  std::string_view label_name() {
    const auto start = pos;
    if (pos < s.size() && is_label_start(s[pos]))
      while (pos < s.size() && is_label_char(s[pos])) ++pos;
    return s.substr(start, pos - start);
  }
};

bool valid_metric_name(std::string_view n) {
  if (n.empty() || !is_name_start(n[0])) return false;
  for (char c : n)
    if (!is_name_char(c)) return false;
  return true;
}

class parser {
 public:
  explicit parser(const exposition_limits& limits) : limits_(limits) {}

  // "" when the line is fine, else the reason.
  std::string statement(std::string_view line) {
    cursor c{line};
    c.skip_blanks();
    if (c.done()) return {};
    if (c.peek() == '#') {
      ++c.pos;
      return comment(c);
    }
    return sample(c);
  }

  exposition take() { return std::move(out_); }

 private:
  std::string comment(cursor& c) {
    c.skip_blanks();
    const auto keyword = c.token();
    if (keyword != "HELP" && keyword != "TYPE") return {};  // an ordinary comment (also "# EOF")
    c.skip_blanks();
    const auto name = c.token();
    if (name.empty()) return std::string(keyword) + " needs a metric name";
    if (!valid_metric_name(name)) return std::string(keyword) + ": invalid metric name " + shown(name);
    c.skip_blanks();
    if (keyword == "HELP") return help(std::string(name), c.s.substr(c.pos));
    const auto type_text = c.token();
    c.skip_blanks();
    if (!c.done()) return "unexpected text after the type in TYPE " + std::string(name);
    exposition_type type;
    if (type_text == "counter") type = exposition_type::counter;
    else if (type_text == "gauge") type = exposition_type::gauge;
    else if (type_text == "histogram") type = exposition_type::histogram;
    else if (type_text == "summary") type = exposition_type::summary;
    else if (type_text == "untyped") type = exposition_type::untyped;
    else if (type_text.empty()) return "TYPE " + std::string(name) + " needs a type (counter, gauge, histogram, summary or untyped)";
    else return "unknown type " + shown(type_text) + " for " + std::string(name) + " (counter, gauge, histogram, summary or untyped)";
    return declare_type(std::string(name), type);
  }

  std::string help(const std::string& name, std::string_view raw) {
    while (!raw.empty() && (is_blank(raw.back()) || raw.back() == '\r')) raw.remove_suffix(1);
    std::string text;
    text.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        text += raw[i];
        continue;
      }
      if (i + 1 >= raw.size()) return "HELP " + name + ": a backslash at the end of the text";
      const char e = raw[++i];
      if (e == '\\') text += '\\';
      else if (e == 'n') text += '\n';
      else return "HELP " + name + ": invalid escape '\\" + std::string(1, e) + "' (only \\\\ and \\n)";
    }
    auto& f = family(name);
    if (helped_.contains(name)) return "a second HELP line for " + name;
    helped_.insert(name);
    f.help = std::move(text);
    return {};
  }

  std::string declare_type(const std::string& name, exposition_type type) {
    if (typed_.contains(name)) return "a second TYPE line for " + name;
    auto seen = [&](const std::string& n) { return sample_names_.contains(n); };
    if (seen(name)) return "TYPE " + name + " comes after samples of " + name + " (it must come first)";
    if (type == exposition_type::histogram || type == exposition_type::summary || type == exposition_type::counter) {
      for (const char* suffix : {"_bucket", "_sum", "_count", "_total"})
        if (seen(name + suffix)) return "TYPE " + name + " comes after samples of " + name + suffix + " (it must come first)";
    }
    typed_.insert(name);
    family(name).type = type;
    return {};
  }

  exposition_family& family(const std::string& name) {
    auto it = index_.find(name);
    if (it != index_.end()) return out_.families[it->second];
    index_.emplace(name, out_.families.size());
    out_.families.push_back({name, exposition_type::untyped, {}, {}});
    return out_.families.back();
  }

  exposition_family* typed_base(std::string_view name) {
    struct rule {
      std::string_view suffix;
      bool histogram, summary, counter;
    };
    constexpr rule rules[] = {{"_bucket", true, false, false}, {"_sum", true, true, false},
                              {"_count", true, true, false},  {"_total", false, false, true}};
    for (const auto& r : rules) {
      if (!name.ends_with(r.suffix) || name.size() == r.suffix.size()) continue;
      auto it = index_.find(std::string(name.substr(0, name.size() - r.suffix.size())));
      if (it == index_.end()) continue;
      auto& f = out_.families[it->second];
      if ((r.histogram && f.type == exposition_type::histogram) || (r.summary && f.type == exposition_type::summary) ||
          (r.counter && f.type == exposition_type::counter))
        return &f;
    }
    return nullptr;
  }

  std::string sample(cursor& c) {
    exposition_sample s;
    const auto name = c.metric_name();
    if (name.empty()) return "expected a metric name, got " + shown(c.s.substr(c.pos));
    s.name = std::string(name);
    const auto after_name = c.pos;
    c.skip_blanks();
    if (c.peek() == '{') {
      ++c.pos;
      if (auto why = labels(c, s); !why.empty()) return why;
      c.skip_blanks();
    } else if (c.pos == after_name && !c.done()) {
      return "unexpected " + shown(c.s.substr(c.pos, 1)) + " after the metric name " + shown(name);
    }
    if (c.done()) return "the sample " + s.name + " has no value";
    const auto value_text = c.token();
    auto value = parse_float(value_text);
    if (!value) return "the value " + shown(value_text) + " of " + s.name + " is not a number (or is out of range)";
    s.value = *value;
    c.skip_blanks();
    if (!c.done()) {
      const auto ts_text = c.token();
      auto ts = parse_timestamp(ts_text);
      if (!ts) return "the timestamp " + shown(ts_text) + " of " + s.name + " is not an integer (milliseconds)";
      s.timestamp_ms = *ts;
      c.skip_blanks();
      if (!c.done()) return "unexpected text after the timestamp of " + s.name;
    }
    return add(std::move(s));
  }

  std::string labels(cursor& c, exposition_sample& s) {
    while (true) {
      c.skip_blanks();
      if (c.done()) return "the labels of " + s.name + " are not closed with '}'";
      if (c.peek() == '}') {
        ++c.pos;
        return {};
      }
      const auto label = c.label_name();
      if (label.empty()) return "expected a label name in " + s.name + "{...}, got " + shown(c.s.substr(c.pos));
      c.skip_blanks();
      if (c.peek() != '=') return "expected '=' after the label name '" + std::string(label) + "'";
      ++c.pos;
      c.skip_blanks();
      if (c.peek() != '"') return "the value of label '" + std::string(label) + "' must be in double quotes";
      ++c.pos;
      std::string value;
      bool closed = false;
      while (!c.done()) {
        const char ch = c.s[c.pos++];
        if (ch == '"') {
          closed = true;
          break;
        }
        if (ch != '\\') {
          value += ch;
          continue;
        }
        if (c.done()) break;
        const char e = c.s[c.pos++];
        if (e == '\\') value += '\\';
        else if (e == '"') value += '"';
        else if (e == 'n') value += '\n';
        else return "invalid escape '\\" + std::string(1, e) + "' in the value of label '" + std::string(label) +
                    "' (only \\\\, \\\" and \\n)";
      }
      if (!closed) return "the value of label '" + std::string(label) + "' has no closing '\"'";
      for (const auto& [k, v] : s.labels)
        if (k == label) return "the label '" + std::string(label) + "' appears twice on " + s.name;
      if (s.labels.size() >= limits_.max_labels)
        return s.name + " has more than " + std::to_string(limits_.max_labels) + " labels";
      s.labels.emplace_back(std::string(label), std::move(value));
      c.skip_blanks();
      if (c.peek() == ',') {
        ++c.pos;
        continue;
      }
      if (c.peek() != '}') return "expected ',' or '}' after the value of label '" + std::string(label) + "'";
    }
  }

  std::string add(exposition_sample s) {
    if (++samples_ > limits_.max_samples) return "more than " + std::to_string(limits_.max_samples) + " samples";
    exposition_family* f = nullptr;
    if (auto it = index_.find(s.name); it != index_.end()) f = &out_.families[it->second];
    if (!f) f = typed_base(s.name);
    if (!f) f = &family(s.name);
    if (f->type == exposition_type::histogram) {
      if (s.name == f->name) return "the histogram " + f->name + " has a sample without _bucket, _sum or _count";
      if (s.name.ends_with("_bucket")) {
        const std::string* le = s.label("le");
        if (!le) return s.name + " has no 'le' label (a histogram bucket needs one)";
        if (!parse_float(*le)) return s.name + ": the 'le' label " + shown(*le) + " is not a number";
      }
    } else if (f->type == exposition_type::summary && s.name == f->name) {
      const std::string* q = s.label("quantile");
      if (!q) return s.name + " has no 'quantile' label (a summary's quantile sample needs one)";
      if (!parse_float(*q)) return s.name + ": the 'quantile' label " + shown(*q) + " is not a number";
    }
    sample_names_.insert(s.name);
    f->samples.push_back(std::move(s));
    return {};
  }

  const exposition_limits& limits_;
  exposition out_;
  std::map<std::string, std::size_t, std::less<>> index_;  // family name -> index in out_.families
  std::set<std::string, std::less<>> typed_, helped_, sample_names_;
  std::size_t samples_ = 0;
};

}  // namespace

std::string_view exposition_type_name(exposition_type t) {
  switch (t) {
    case exposition_type::counter: return "counter";
    case exposition_type::gauge: return "gauge";
    case exposition_type::histogram: return "histogram";
    case exposition_type::summary: return "summary";
    case exposition_type::untyped: return "untyped";
  }
  return "untyped";
}

const std::string* exposition_sample::label(std::string_view name) const {
  for (const auto& [k, v] : labels)
    if (k == name) return &v;
  return nullptr;
}

const exposition_family* exposition::find(std::string_view name) const {
  for (const auto& f : families)
    if (f.name == name) return &f;
  return nullptr;
}

std::size_t exposition::sample_count() const {
  std::size_t n = 0;
  for (const auto& f : families) n += f.samples.size();
  return n;
}

std::string exposition_error::what() const {
  return line == 0 ? reason : "line " + std::to_string(line) + ": " + reason;
}

std::variant<exposition, exposition_error> parse_exposition(std::string_view text, const exposition_limits& limits) {
  if (text.size() > limits.max_bytes)
    return exposition_error{0, "the exposition is " + std::to_string(text.size()) + " bytes; at most " +
                                   std::to_string(limits.max_bytes) + " are read"};
  parser p(limits);
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.size() > limits.max_line_bytes)
      return exposition_error{line_no, "the line is " + std::to_string(line.size()) + " bytes; at most " +
                                           std::to_string(limits.max_line_bytes)};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto why = p.statement(line); !why.empty()) return exposition_error{line_no, std::move(why)};
  }
  return p.take();
}

}  // namespace ragbench::loadgen
