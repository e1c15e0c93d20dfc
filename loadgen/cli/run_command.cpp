// loadgen run: prepare, run the engine with the live console, write the run directory, decide.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <ctime>
#include <filesystem>
#include <thread>

#include "loadgen/cli/commands.hpp"
#include "loadgen/cli/console_view.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/engine/engine.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {
namespace {

std::string default_out_dir() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "reports/runs/%Y%m%d-%H%M%S", &tm);
  return buf;
}

// Ctrl-C / SIGTERM stop the run gracefully (reports are still written); lives for one run.
class signal_watch {
 public:
  explicit signal_watch(engine& e) : signals_(io_, SIGINT, SIGTERM) {
    signals_.async_wait([&e](const boost::system::error_code& ec, int) {
      if (!ec) e.request_stop();
    });
    thread_ = std::thread([this] { io_.run(); });
  }
  ~signal_watch() {
    boost::system::error_code ec;
    signals_.cancel(ec);
    thread_.join();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::thread thread_;
};

}  // namespace

int run_command(const run_options& o, const cli_streams& io) {
  prepared_scenario p = prepare_scenario(o.scenario_path, o.profile_path, o.target, o.sets);
  engine_options eo;
  eo.threads = o.threads;
  console_view console(io.err, io.err_is_tty);
  if (!o.quiet) eo.on_progress = [&console](const progress_view& v) { console.update(v); };

  engine e(p.s, eo);  // throws std::invalid_argument for an unresolvable target: an input error
  const std::string out_dir = o.out_dir.value_or(default_out_dir());
  if (!o.quiet) std::fprintf(io.err, "loadgen: %s -> %s (%s)\n", p.s.name.c_str(), p.s.target.text.c_str(), describe_load(p.s.load).c_str());
  engine_outcome outcome;
  {
    signal_watch watch(e);
    outcome = e.run();
  }
  console.finish();
  for (const auto& w : outcome.warnings) std::fprintf(io.err, "loadgen: warning: %s\n", w.c_str());

  run_result run;
  run.scenario = p.s.name;
  run.started_at = outcome.started_at;
  run.duration_s = outcome.duration_s;
  run.model = outcome.open_model ? "open" : "closed";
  run.target = p.s.target.text;
  run.settings["load"] = describe_load(p.s.load);
  run.settings["threads"] = std::to_string(o.threads);
  if (o.profile_path) run.settings["profile"] = *o.profile_path;
  if (outcome.stopped_early) run.settings["stopped_early"] = "true";
  run.stats = std::move(outcome.stats);
  compute_totals(run);
  evaluate_kpis(run, p.kpis);
  if (outcome.generator_limited) {
    run.generator_valid = false;
    run.generator_reason = outcome.generator_reason;
  }
  if (outcome.target_unreachable) {
    run.verdict = "fail";
    run.generator_reason = outcome.failure_reason;
  }
  write_run_dir(run, out_dir);

  if (!o.quiet) {
    std::string md = render(run, "md");
    std::fwrite(md.data(), 1, md.size(), io.out);
  }
  std::fprintf(io.err, "loadgen: verdict %s; reports in %s\n", run.verdict.c_str(), out_dir.c_str());
  if (outcome.target_unreachable) {
    std::fprintf(io.err, "loadgen: run failed: %s\n", outcome.failure_reason.c_str());
    return exit_run_failed;
  }
  if (outcome.generator_limited)
    std::fprintf(io.err, "loadgen: warning: generator-limited run: %s\n", outcome.generator_reason.c_str());
  if (run.verdict != "pass") return exit_kpi_failed;
  if (o.strict && outcome.generator_limited) return exit_kpi_failed;
  return exit_pass;
}

}  // namespace ragbench::loadgen
