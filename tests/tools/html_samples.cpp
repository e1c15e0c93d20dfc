// Writes HTML pages from hand-built results for the browser test (tests/scripts/html_reports_browser_test.sh),
// so it sees every kind of chart, also those a short real run cannot give: live.html (the --web page),
// report-server.html (the report tests' sample run with scraped server series, failures and a
// generator-limited banner), report-stream.html (streamed endpoints: the TTFT/ITL/TPOT curves).
// Usage: html_samples OUT_DIR
#include <cstdio>
#include <filesystem>

#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/html/live_page.hpp"
#include "loadgen/report/html/run_report_html.hpp"
#include "unit/loadgen_report/sample_run.hpp"
#include "unit/loadgen_report/sample_server.hpp"
#include "unit/loadgen_report/sample_stream_run.hpp"

int main(int argc, char** argv) {
  using namespace ragbench::loadgen;
  if (argc != 2) {
    std::fprintf(stderr, "usage: html_samples OUT_DIR\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out);
  write_file(out / "live.html", render_live_page());
  auto run = testing::sample_run();
  evaluate_kpis(run, {std::get<kpi>(parse_kpi("p95 < 100ms after 5s", "search"))});
  run.generator_valid = false;
  run.generator_reason = "3 scheduled starts dropped";
  run.server = testing::sample_server();
  write_file(out / "report-server.html", render_html_report(run));
  auto streamed = testing::sample_stream_run();
  write_file(out / "report-stream.html", render_html_report(streamed));
  return 0;
}
