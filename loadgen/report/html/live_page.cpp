// The live page for --web: static frame here, the EventSource client and charts in assets/live.js.
#include "loadgen/report/html/live_page.hpp"

#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_page.hpp"

namespace ragbench::loadgen {
namespace {

std::string tile(const char* id, const char* label) {
  return std::string("<div class=\"tile\"><div class=\"value\" id=\"") + id + "\">-</div><div class=\"label\" id=\"" +
         id + "-label\">" + label + "</div></div>";
}

}  // namespace

std::string render_live_page() {
  std::string body =
      "<header>\n<h1>loadgen live <span id=\"state\" class=\"badge neutral\">connecting</span></h1>\n"
      "<p class=\"meta\" id=\"meta\">waiting for the first second of the run</p>\n"
      "<div class=\"controls\"><progress id=\"progress\" max=\"1\" value=\"0\"></progress>"
      "<span id=\"elapsed\">0 s</span><button id=\"stop\" type=\"button\">Stop run</button>"
      "<span id=\"stop-state\" class=\"note\"></span></div>\n"
      "<div id=\"finished\" class=\"banner warn\" hidden>run finished: the reports are written to the run directory</div>\n"
      "</header>\n<main>\n<div class=\"tiles\">";
  body += tile("total-requests", "requests so far") + tile("total-failures", "failures so far") +
          tile("error-rate", "error rate so far") + tile("rps", "requests/s (last second)") +
          tile("p50", "p50 ms (last second)") + tile("p95", "p95 ms (last second)") + tile("p99", "p99 ms (last second)") +
          tile("load", "users");
  body += "</div>\n";
  body += html_section("Latency (p50, p95, p99 of each second)", chart_grid("live-latency"), "live-latency");
  body += html_section("Throughput and errors", chart_grid("live-throughput"), "live-throughput");
  body += html_section("Load", chart_grid("live-load"), "live-load");
  body += "</main>\n<footer>ragbench loadgen · charts: Chart.js 3.9.1 (MIT), inlined</footer>\n";
  html_page page{"live", "loadgen live", std::move(body), nullptr, html_assets::live_js(), true};
  return render_page(page);
}

}  // namespace ragbench::loadgen
