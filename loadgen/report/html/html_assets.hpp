#pragma once
// The files the HTML pages inline, compiled into loadgen at build time (build_assets.cmake ->
// cmake/embed_text.cmake): loadgen reads nothing at run time, and a written page opens with no network.
// Each function returns the whole file; the text lives for the program's lifetime. Thread-safe, O(1).
#include <string_view>

namespace ragbench::loadgen::html_assets {

// Chart.js 3.9.1, minified, from Debian's libjs-chart.js (/usr/share/javascript/chart.js/chart.min.js;
// MIT licence, its header comment kept). About 195 KiB.
std::string_view chart_js();
// assets/style.css: the one look of every page.
std::string_view style_css();
// assets/charts.js: helpers every page script uses (chart factories, the time and "nines" axes, the
// render status the browser test reads).
std::string_view charts_js();
// assets/report.js, compare.js, capacity.js, live.js: one page script each.
std::string_view report_js();
std::string_view compare_js();
std::string_view capacity_js();
std::string_view live_js();

}  // namespace ragbench::loadgen::html_assets
