// Template compilation: split text at {{ }}, classify each placeholder, resolve names to slots.
#include "loadgen/scenario/template_compiler.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "loadgen/scenario/bounded_file.hpp"

namespace ragbench::loadgen {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_args(std::string_view args) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= args.size(); ++i) {
    if (i == args.size() || args[i] == ',') {
      out.push_back(trim(args.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

bool parse_int(std::string_view s, std::int64_t& v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

std::string escaped(std::string_view text, escape_mode mode) {
  std::string out;
  if (mode == escape_mode::json) append_json_escaped(text, out);
  else if (mode == escape_mode::url) append_url_escaped(text, out);
  else out.append(text);
  return out;
}

void add_literal(std::vector<template_segment>& segs, std::string_view text) {
  if (text.empty()) return;
  if (!segs.empty() && segs.back().kind == segment_kind::literal) segs.back().text.append(text);
  else segs.push_back(template_segment{segment_kind::literal, std::string(text)});
}

// Classifies one placeholder body; returns false (with an error) when it cannot be resolved.
void compile_placeholder(std::string_view expr, escape_mode mode, const template_scope& scope,
                         std::vector<template_segment>& segs, std::vector<std::string>& errors) {
  template_segment seg;
  // {{name | filter}}; a '|' inside a function's parentheses (random_choice(a|b)) is not a filter.
  if (auto bar = expr.rfind('|');
      bar != std::string_view::npos && (expr.rfind(')') == std::string_view::npos || bar > expr.rfind(')'))) {
    const auto name = trim(expr.substr(0, bar)), filter = trim(expr.substr(bar + 1));
    if (filter == "int") seg.filter = value_filter::integer;
    else if (filter == "number") seg.filter = value_filter::number;
    else if (filter == "bool") seg.filter = value_filter::boolean;
    else if (filter == "json") seg.filter = value_filter::json_escape;
    else {
      errors.push_back("unknown filter '" + std::string(filter) + "' in '{{" + std::string(expr) +
                       "}}' (known: int, number, bool, json)");
      return;
    }
    if (seg.typed() && mode != escape_mode::json) {
      errors.push_back("'| " + std::string(filter) + "' makes a JSON " +
                       (seg.filter == value_filter::boolean ? "boolean" : "number") +
                       ": it applies to a value of a json: body only ('| json' escapes text anywhere)");
      return;
    }
    expr = name;
    if (expr == "user_id" || expr == "iteration" || expr == "uuid" || expr.starts_with("file:") ||
        expr.find('(') != std::string_view::npos) {
      errors.push_back("a filter applies to a capture or a feeder column, not to '{{" + std::string(expr) + "}}'");
      return;
    }
  }
  if (expr == "user_id") { seg.kind = segment_kind::user_id; segs.push_back(seg); return; }
  if (expr == "iteration") { seg.kind = segment_kind::iteration; segs.push_back(seg); return; }
  if (expr == "uuid") { seg.kind = segment_kind::uuid; segs.push_back(seg); return; }
  if (expr.starts_with("file:")) {
    std::string rel(trim(expr.substr(5)));
    std::string path = (rel.starts_with("/") || scope.base_dir.empty()) ? rel : scope.base_dir + "/" + rel;
    std::string why = "no file named";
    auto content = rel.empty() ? std::nullopt : read_bounded_file(path, max_template_file_bytes, true, why);
    if (!content) {
      errors.push_back("cannot read file '" + rel + "' (looked for " + path + "): " + why);
      return;
    }
    add_literal(segs, escaped(*content, mode));
    return;
  }
  auto open = expr.find('(');
  if (open != std::string_view::npos) {
    auto fn = trim(expr.substr(0, open));
    if (expr.back() != ')') {
      errors.push_back("malformed placeholder '{{" + std::string(expr) + "}}': missing ')'");
      return;
    }
    auto args = split_args(expr.substr(open + 1, expr.size() - open - 2));
    if (fn == "random_int") {
      seg.kind = segment_kind::random_int;
      if (args.size() != 2 || !parse_int(args[0], seg.lo) || !parse_int(args[1], seg.hi) || seg.lo > seg.hi) {
        errors.push_back("random_int needs two integers lo <= hi, got '" + std::string(expr) + "'");
        return;
      }
    } else if (fn == "random_choice") {
      seg.kind = segment_kind::random_choice;
      for (auto a : args) {
        if (a.empty()) {
          errors.push_back("random_choice has an empty choice in '" + std::string(expr) + "'");
          return;
        }
        seg.choices.push_back(escaped(a, mode));
      }
    } else {
      errors.push_back("unknown function '" + std::string(fn) + "' (known: random_int, random_choice)");
      return;
    }
    segs.push_back(std::move(seg));
    return;
  }
  if (expr.empty()) {
    errors.push_back("empty placeholder '{{}}'");
    return;
  }
  seg.text = std::string(expr);
  auto dot = expr.find('.');
  if (dot != std::string_view::npos && scope.feeders) {
    auto fname = expr.substr(0, dot), column = expr.substr(dot + 1);
    for (std::size_t i = 0; i < scope.feeders->size(); ++i) {
      const auto& f = *(*scope.feeders)[i];
      if (f.name() != fname) continue;
      int col = f.column_index(column);
      if (col < 0) {
        std::string cols;
        for (const auto& c : f.columns()) cols += (cols.empty() ? "" : ", ") + c;
        errors.push_back("feeder '" + f.name() + "' has no column '" + std::string(column) + "' (columns: " + cols + ")");
        return;
      }
      seg.kind = segment_kind::feeder_column;
      seg.slot = i;
      seg.column = static_cast<std::size_t>(col);
      if (scope.used_feeders && std::find(scope.used_feeders->begin(), scope.used_feeders->end(), i) == scope.used_feeders->end())
        scope.used_feeders->push_back(i);
      segs.push_back(std::move(seg));
      return;
    }
  }
  for (auto it = scope.captures.rbegin(); it != scope.captures.rend(); ++it) {
    if (it->first == expr) {
      seg.kind = segment_kind::capture;
      seg.slot = it->second;
      segs.push_back(std::move(seg));
      return;
    }
  }
  errors.push_back("undefined variable '{{" + std::string(expr) +
                   "}}' (not a feeder column, an earlier capture or a builtin)");
}

}  // namespace

compiled_template compile_template(std::string_view text, escape_mode mode, const template_scope& scope,
                                   std::vector<std::string>& errors, bool escape_literals) {
  std::vector<template_segment> segs;
  auto literal = [&](std::string_view part) {
    if (escape_literals) add_literal(segs, escaped(part, mode));
    else add_literal(segs, part);
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      literal(text.substr(pos));
      break;
    }
    literal(text.substr(pos, open - pos));
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      errors.push_back("unclosed '{{' in '" + std::string(text) + "'");
      break;
    }
    compile_placeholder(trim(text.substr(open + 2, close - open - 2)), mode, scope, segs, errors);
    pos = close + 2;
  }
  return compiled_template(std::move(segs), mode);
}

}  // namespace ragbench::loadgen
