// Writing a run directory and loading it back (from histograms.json); where results go by default.
#include "loadgen/report/run_dir.hpp"

#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/histograms_json.hpp"
#include "loadgen/report/html/run_report_html.hpp"
#include "loadgen/report/junit_report.hpp"
#include "loadgen/report/markdown_report.hpp"
#include "loadgen/report/server_metrics_json.hpp"
#include "loadgen/report/stats_csv.hpp"
#include "loadgen/report/summary_json.hpp"

namespace ragbench::loadgen {

std::string default_out_dir(std::string_view kind, std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  return "reports/runs/" + (kind.empty() ? std::string() : std::string(kind) + "-") + stamp;
}

std::string render(const run_result& run, std::string_view format) {
  if (format == "json") return to_summary_json(run).dump(2) + "\n";
  if (format == "md") return render_markdown(run);
  if (format == "csv") return render_stats_csv(run);
  if (format == "failures") return render_failures_csv(run);
  if (format == "junit") return render_junit(run);
  if (format == "histograms") return to_histograms_json(run).dump() + "\n";
  if (format == "html") return render_html_report(run);
  throw std::invalid_argument("unknown report format '" + std::string(format) +
                              "'; expected json, md, csv, failures, junit, histograms or html");
}

void write_run_dir(const run_result& run, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create directory: " + ec.message());
  write_file(dir / "summary.json", render(run, "json"));
  write_file(dir / "report.md", render(run, "md"));
  write_file(dir / "stats.csv", render(run, "csv"));
  write_file(dir / "failures.csv", render(run, "failures"));
  write_file(dir / "junit.xml", render(run, "junit"));
  write_file(dir / "histograms.json", render(run, "histograms"));
  if (run.server) write_file(dir / "server_metrics.json", to_server_metrics_json(*run.server).dump() + "\n");
  write_file(dir / "report.html", render(run, "html"));
}

namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::invalid_argument(file.string() + ": cannot open (is this a loadgen run directory?)");
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(file.string() + ": not valid JSON: " + e.what());
  }
}

}  // namespace

run_result read_run_dir(const std::filesystem::path& dir) {
  const auto file = dir / "histograms.json";
  run_result run = run_result_from_histograms_json(read_json(file), file.string());
  // Written only by runs that scraped the target (and by versions that know it).
  if (const auto server = dir / "server_metrics.json"; std::filesystem::exists(server))
    run.server = server_metrics_from_json(read_json(server), server.string());
  return run;
}

}  // namespace ragbench::loadgen
