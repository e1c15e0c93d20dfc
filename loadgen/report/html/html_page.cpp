// The document frame shared by every HTML page, and the escaped building blocks of their static part.
#include "loadgen/report/html/html_page.hpp"

#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_text.hpp"

namespace ragbench::loadgen {
namespace {

std::string class_attr(std::string_view css_class) {
  return css_class.empty() ? std::string() : " class=\"" + html_escape(css_class) + "\"";
}

void cells(std::string& out, const std::vector<html_cell>& row, const char* tag) {
  for (const auto& c : row) {
    out += '<';
    out += tag;
    out += class_attr(c.css_class) + ">" + html_escape(c.text) + "</" + tag + ">";
  }
}

}  // namespace

std::string render_page(const html_page& page) {
  std::string out;
  out.reserve(html_assets::chart_js().size() + page.body.size() + 64 * 1024);
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing is fetched: scripts and styles are inline, images only data: URLs (Chart.js's canvas
  // exports), no connection except the live page's to its own origin.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
         "style-src 'unsafe-inline'; img-src data:; connect-src ";
  out += page.connect_self ? "'self'" : "'none'";
  out += "\">\n<meta name=\"generator\" content=\"ragbench loadgen\">\n";
  out += "<title>" + html_escape(page.title) + "</title>\n<style>\n";
  out += html_assets::style_css();
  out += "</style>\n</head>\n<body data-page=\"" + html_escape(page.kind) + "\" data-status=\"loading\">\n";
  out += page.body;
  out += "<script id=\"page-data\" type=\"application/json\">" + script_json(page.data) + "</script>\n";
  out += "<script>\n";
  out += html_assets::chart_js();
  out += "\n</script>\n<script>\n";
  out += html_assets::charts_js();
  out += "\n</script>\n<script>\n";
  out += page.script;
  out += "\n</script>\n</body>\n</html>\n";
  return out;
}

html_table& html_table::row(std::vector<html_cell> cells, std::string row_class) {
  rows_.emplace_back(std::move(cells), std::move(row_class));
  return *this;
}

std::string html_table::render() const {
  std::string out = "<table" + (id_.empty() ? std::string() : " id=\"" + html_escape(id_) + "\"") + ">\n<thead><tr>";
  cells(out, head_, "th");
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& [row, css] : rows_) {
    out += "<tr" + class_attr(css) + ">";
    cells(out, row, "td");
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string html_element(std::string_view name, std::string_view text, std::string_view css_class) {
  return "<" + std::string(name) + class_attr(css_class) + ">" + html_escape(text) + "</" + std::string(name) + ">";
}

std::string verdict_badge(std::string_view verdict) {
  const bool good = verdict == "pass" || verdict == "better" || verdict == "no regression";
  const bool bad = verdict == "fail" || verdict == "worse" || verdict == "missing" || verdict == "interrupted" ||
                   verdict == "regression";
  const char* css = good ? "badge good" : bad ? "badge bad" : "badge neutral";
  return html_element("span", verdict, css);
}

std::string html_section(std::string_view title, std::string_view inner, std::string_view id) {
  std::string out = "<section" + (id.empty() ? std::string() : " id=\"" + html_escape(id) + "\"") + ">\n";
  out += html_element("h2", title) + "\n";
  out += inner;
  out += "</section>\n";
  return out;
}

std::string chart_grid(std::string_view key) {
  return "<div class=\"charts\" data-charts=\"" + html_escape(key) + "\"></div>\n";
}

}  // namespace ragbench::loadgen
