// execute_run: the engine plus the bookkeeping that turns its outcome into a run_result.
#include "loadgen/cli/run_execution.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <thread>

#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/engine/engine.hpp"

namespace ragbench::loadgen {
namespace {

// Ctrl-C / SIGTERM stop the run gracefully (reports are still written); lives for one run.
class signal_watch {
 public:
  signal_watch(engine& e, std::atomic<bool>& interrupted) : signals_(io_, SIGINT, SIGTERM) {
    signals_.async_wait([&e, &interrupted](const boost::system::error_code& ec, int) {
      if (ec) return;
      interrupted = true;
      e.request_stop();
    });
    thread_ = std::thread([this] { io_.run(); });
  }
  ~signal_watch() {
    boost::system::error_code ec;
    signals_.cancel(ec);
    thread_.join();
  }
  signal_watch(const signal_watch&) = delete;
  signal_watch& operator=(const signal_watch&) = delete;

 private:
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::thread thread_;
};

}  // namespace

execution execute_run(const scenario& s, const std::vector<kpi>& kpis, const execution_options& o) {
  engine_options eo;
  eo.threads = o.threads;
  eo.on_progress = o.on_progress;
  engine e(s, eo);  // throws std::invalid_argument for an unresolvable target
  if (o.on_ready) o.on_ready();

  execution x;
  x.run.machine = probe_machine();  // before the load starts: the load average is the machine's, not ours
  if (o.interrupted) {
    signal_watch watch(e, *o.interrupted);
    x.outcome = e.run();
  } else {
    x.outcome = e.run();
  }

  run_result& run = x.run;
  run.scenario = s.name;
  run.started_at = x.outcome.started_at;
  run.duration_s = x.outcome.duration_s;
  run.model = x.outcome.open_model ? "open" : "closed";
  run.target = s.target.text;
  run.settings["load"] = describe_load(s.load);
  run.settings["threads"] = std::to_string(o.threads);
  if (o.profile_path) run.settings["profile"] = *o.profile_path;
  if (x.outcome.stopped_early) run.settings["stopped_early"] = "true";
  run.stats = std::move(x.outcome.stats);
  x.outcome.stats = run_stats{};
  compute_totals(run);
  evaluate_kpis(run, kpis);
  if (x.outcome.generator_limited) {
    run.generator_valid = false;
    run.generator_reason = x.outcome.generator_reason;
  }
  if (x.outcome.target_unreachable) {
    run.verdict = "fail";
    run.generator_reason = x.outcome.failure_reason;
  }
  return x;
}

}  // namespace ragbench::loadgen
