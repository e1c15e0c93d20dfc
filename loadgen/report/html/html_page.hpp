#pragma once
// The frame of every HTML page loadgen writes (report.html, compare.html, capacity.html, the live page):
// one self-contained document -- the style, Chart.js, the shared chart helpers and the page's own script
// inline, the page's data as JSON in <script id="page-data" type="application/json"> -- and a
// Content-Security-Policy that lets it load nothing from anywhere (the live page may talk to its own
// origin). Plus the small pieces the pages build their static part from, all escaping their text.
// Pure functions; deterministic (same input -> same bytes).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ragbench::loadgen {

struct html_page {
  std::string kind;          // "report", "compare", "capacity", "live": <body data-page="...">
  std::string title;         // plain text
  std::string body;          // HTML (the caller escaped what it put in)
  nlohmann::json data;       // what the page script draws; null for none
  std::string_view script;   // the page script (an html_assets:: function's text)
  bool connect_self = false; // CSP connect-src 'self' (the live page's /events and /stop); else 'none'
};

// The whole document.
std::string render_page(const html_page& page);

// One table cell: plain text (escaped when rendered) and an optional CSS class ("num" right-aligns).
struct html_cell {
  std::string text;
  std::string css_class;
  html_cell(std::string t, std::string c = {}) : text(std::move(t)), css_class(std::move(c)) {}
  html_cell(const char* t) : text(t) {}
};

// A table of plain-text cells, escaped when rendered.
class html_table {
 public:
  explicit html_table(std::vector<html_cell> head, std::string id = {}) : head_(std::move(head)), id_(std::move(id)) {}
  html_table& row(std::vector<html_cell> cells, std::string row_class = {});
  bool empty() const { return rows_.empty(); }
  std::string render() const;

 private:
  std::vector<html_cell> head_;
  std::string id_;
  std::vector<std::pair<std::vector<html_cell>, std::string>> rows_;
};

// <NAME class="CSS">escaped text</NAME> (no class attribute when css_class is empty).
std::string html_element(std::string_view name, std::string_view text, std::string_view css_class = {});
// A verdict as a coloured badge: "pass"/"better" green, "fail"/"worse"/"interrupted" red, others grey.
std::string verdict_badge(std::string_view verdict);
// <section><h2>escaped title</h2>inner</section>; `inner` is HTML.
std::string html_section(std::string_view title, std::string_view inner, std::string_view id = {});
// A grid the page script fills with charts: <div class="charts" data-charts="KEY"></div> (the script
// decides how many: one per endpoint, per server series...).
std::string chart_grid(std::string_view key);

}  // namespace ragbench::loadgen
