// Rendering of compiled templates: append literal and substituted segments into one buffer.
#include "loadgen/scenario/template.hpp"

#include <algorithm>
#include <charconv>

namespace ragbench::loadgen {
namespace {

void append_escaped(std::string_view text, escape_mode mode, std::string& out) {
  switch (mode) {
    case escape_mode::none: out.append(text); break;
    case escape_mode::json: append_json_escaped(text, out); break;
    case escape_mode::url: append_url_escaped(text, out); break;
  }
}

void append_uint(std::uint64_t v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_uuid(std::mt19937_64& rng, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // variant 10
  char buf[36];
  int pos = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) buf[pos++] = '-';
    std::uint64_t word = i < 16 ? hi : lo;
    buf[pos++] = hex[(word >> (4 * (15 - (i % 16)))) & 0xF];
  }
  out.append(buf, 36);
}

}  // namespace

compiled_template::compiled_template(std::vector<template_segment> segments, escape_mode mode)
    : segments_(std::move(segments)), mode_(mode) {}

compiled_template compiled_template::literal(std::string text) {
  std::vector<template_segment> segs;
  if (!text.empty()) segs.push_back(template_segment{segment_kind::literal, std::move(text)});
  return compiled_template(std::move(segs), escape_mode::none);
}

bool compiled_template::uses_random() const {
  for (const auto& s : segments_)
    if (s.kind == segment_kind::uuid || s.kind == segment_kind::random_int || s.kind == segment_kind::random_choice)
      return true;
  return false;
}

namespace {

bool json_integer(std::string_view v) {
  if (!v.empty() && v.front() == '-') v.remove_prefix(1);
  if (v.empty() || (v.size() > 1 && v.front() == '0')) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// JSON's number grammar: -? int frac? exp?
bool json_number(std::string_view v) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    return i > start;
  };
  if (i < v.size() && v[i] == '-') ++i;
  if (i < v.size() && v[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < v.size() && v[i] == '.' && !(++i, digits())) return false;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == v.size();
}

// A substituted value, through its filter.
void append_value(std::string_view v, value_filter filter, escape_mode mode, std::string& out) {
  switch (filter) {
    case value_filter::none: return append_escaped(v, mode, out);
    case value_filter::json_escape: return append_json_escaped(v, out);
    case value_filter::integer:
    case value_filter::number:
    case value_filter::boolean: {
      const bool ok = filter == value_filter::integer ? json_integer(v)
                      : filter == value_filter::number ? json_number(v)
                                                       : v == "true" || v == "false";
      if (ok) return out.append(v), void();
      out.push_back('"');  // not a number/boolean: a JSON string, which the server will refuse by name
      append_json_escaped(v, out);
      out.push_back('"');
      return;
    }
  }
}

}  // namespace

void compiled_template::render(const render_context& ctx, std::string& out) const {
  for (const auto& s : segments_) {
    switch (s.kind) {
      case segment_kind::literal: out.append(s.text); break;
      case segment_kind::capture:
        if (s.slot < ctx.captures.size()) append_value(ctx.captures[s.slot], s.filter, mode_, out);
        break;
      case segment_kind::feeder_column:
        if (s.slot < ctx.rows.size() && ctx.rows[s.slot] != nullptr && s.column < ctx.rows[s.slot]->size())
          append_value((*ctx.rows[s.slot])[s.column], s.filter, mode_, out);
        break;
      case segment_kind::user_id: append_uint(ctx.user_id, out); break;
      case segment_kind::iteration: append_uint(ctx.iteration, out); break;
      case segment_kind::uuid:
        if (ctx.rng) append_uuid(*ctx.rng, out);
        break;
      case segment_kind::random_int:
        if (ctx.rng) {
          auto span = static_cast<std::uint64_t>(s.hi - s.lo) + 1;
          auto v = s.lo + static_cast<std::int64_t>(span == 0 ? (*ctx.rng)() : (*ctx.rng)() % span);
          char buf[24];
          auto r = std::to_chars(buf, buf + sizeof buf, v);
          out.append(buf, r.ptr);
        }
        break;
      case segment_kind::random_choice:
        if (ctx.rng && !s.choices.empty()) out.append(s.choices[(*ctx.rng)() % s.choices.size()]);
        break;
    }
  }
}

std::string compiled_template::render(const render_context& ctx) const {
  std::string out;
  render(ctx, out);
  return out;
}

void append_json_escaped(std::string_view text, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
}

void append_url_escaped(std::string_view text, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
}

}  // namespace ragbench::loadgen
