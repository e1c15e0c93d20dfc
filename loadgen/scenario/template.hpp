#pragma once
// Request templates compiled once at load into segments, so the engine renders per request by
// appending segments into a reused std::string (no parsing, no allocation beyond `out` growth).
//
// Placeholders: {{name}} (a capture slot), {{feeder.column}} (a feeder column), {{user_id}},
// {{iteration}}, {{uuid}}, {{random_int(lo,hi)}}, {{random_choice(a,b,c)}}. {{file:path}} is read
// at load time and becomes a literal. Resolution of names to slots is done by the loader.
// A capture or feeder column may carry a filter: {{x | int}}, {{x | number}}, {{x | bool}} send the value
// as a JSON number or boolean (a json: body value made of that placeholder alone; a value that is not one
// is sent as a JSON string, so the server's own validation says what is wrong), and {{x | json}}
// JSON-escapes the value anywhere (a raw body: '{"q": "{{questions.text | json}}"}').
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::loadgen {

// One feeder row: column values in the feeder's column order.
using feeder_row = std::vector<std::string>;

// How substituted values (never literals) are escaped when rendered.
enum class escape_mode {
  none,       // header values, raw bodies
  json,       // inside a JSON string literal: \" \\ \n \uXXXX ...
  url,        // percent-encode all but unreserved characters (path pieces and query values)
};

enum class segment_kind { literal, capture, feeder_column, user_id, iteration, uuid, random_int, random_choice };

// The filter of a capture or feeder placeholder ({{x | int}}): how its value is rendered.
enum class value_filter { none, integer, number, boolean, json_escape };

struct template_segment {
  segment_kind kind = segment_kind::literal;
  std::string text;                  // literal text; for capture/feeder_column the source name (messages)
  std::size_t slot = 0;              // capture slot, or feeder index for feeder_column
  std::size_t column = 0;            // feeder column index
  std::int64_t lo = 0, hi = 0;       // random_int bounds, inclusive
  std::vector<std::string> choices;  // random_choice values (already escaped for the template's mode)
  value_filter filter = value_filter::none;  // capture / feeder_column only

  // A JSON number or boolean filter: rendered bare (no quotes) in a json: body.
  bool typed() const {
    return filter == value_filter::integer || filter == value_filter::number || filter == value_filter::boolean;
  }
};

// Per-user state the engine passes to render(). Not owned; must outlive the call.
struct render_context {
  std::span<const std::string> captures;         // indexed by capture slot (scenario::variables)
  std::span<const feeder_row* const> rows;       // current row per feeder index; nullptr = none drawn
  std::uint64_t user_id = 0;
  std::uint64_t iteration = 0;
  std::mt19937_64* rng = nullptr;                // per-thread; required when uses_random()
};

// A compiled template. Immutable after load, so it can be shared by all threads.
class compiled_template {
 public:
  compiled_template() = default;
  compiled_template(std::vector<template_segment> segments, escape_mode mode);
  static compiled_template literal(std::string text);

  // Appends the rendered text to `out`. Cost: O(output length). Thread-safe (const); a missing
  // capture renders as empty, a feeder column with no drawn row renders as empty.
  void render(const render_context& ctx, std::string& out) const;
  std::string render(const render_context& ctx) const;

  bool is_literal() const { return segments_.size() <= 1 && (segments_.empty() || segments_[0].kind == segment_kind::literal); }
  bool uses_random() const;
  const std::vector<template_segment>& segments() const { return segments_; }
  escape_mode mode() const { return mode_; }

 private:
  std::vector<template_segment> segments_;
  escape_mode mode_ = escape_mode::none;
};

// Escaping helpers, appending to `out`.
void append_json_escaped(std::string_view text, std::string& out);
void append_url_escaped(std::string_view text, std::string& out);

}  // namespace ragbench::loadgen
