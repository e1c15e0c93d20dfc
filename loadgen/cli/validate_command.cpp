// loadgen validate / loadgen report: no traffic.
#include <filesystem>

#include "loadgen/cli/commands.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {

int validate_command(const validate_options& o, const cli_streams& io) {
  scenario_extras extras;
  extras.scrape_urls = o.scrape_urls;
  prepared_scenario p = prepare_scenario(o.scenario_path, o.profile_path, o.target, o.sets, extras);
  for (const auto& w : p.warnings) std::fprintf(io.err, "loadgen: warning: %s\n", w.c_str());
  std::size_t requests = p.s.on_start.size();
  for (const auto& t : p.s.tasks) requests += t.steps.size();
  std::fprintf(io.out, "%s: OK: scenario '%s', target %s, %zu tasks, %zu requests, %zu KPIs; %s\n",
               o.scenario_path.c_str(), p.s.name.c_str(), p.s.target.text.c_str(), p.s.tasks.size(), requests,
               p.kpis.size(), describe_load(p.s.load).c_str());
  return exit_pass;
}

int report_command(const report_options& o, const cli_streams& io) {
  if (!std::filesystem::is_directory(o.dir)) throw usage_error("report: '" + o.dir + "' is not a run directory");
  run_result run;
  try {
    run = read_run_dir(o.dir);
  } catch (const std::exception& e) {
    throw usage_error(std::string("report: ") + e.what());
  }
  std::string text = render(run, o.format);
  std::fwrite(text.data(), 1, text.size(), io.out);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', io.out);
  return run.verdict == "pass" ? exit_pass : exit_kpi_failed;
}

}  // namespace ragbench::loadgen
