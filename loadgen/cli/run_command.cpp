// loadgen run: prepare, run the engine with the live console, write the run directory, decide.
#include <algorithm>
#include <filesystem>
#include <optional>

#include "common/units.hpp"
#include "loadgen/cli/commands.hpp"
#include "loadgen/cli/console_view.hpp"
#include "loadgen/cli/run_identity.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/experiment/run_execution.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/live/live_view.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {
namespace {

// --segment / --start-at: the engine's part of a distributed test and the run's marks. Partitions the
// scenario's feeders for the segment.
void plan_segment(const run_options& o, prepared_scenario& p, execution_options& xo) {
  if (o.start_at) xo.start_at = o.start_at;
  if (!o.segment) return;
  xo.segment = *o.segment;
  run_segment id;
  id.scenario_hash = scenario_hash({o.scenario_path, o.profile_path, o.target, o.sets, o.extras});
  std::optional<std::int64_t> start_ms;
  if (o.start_at) start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(o.start_at->time_since_epoch()).count();
  id.run_id = o.run_id.value_or(derive_run_id(id.scenario_hash, start_ms, p.s.seed, o.segment->count));
  // Every segment must draw the same Poisson schedule: without a scenario seed, one from the run id.
  xo.run_seed = p.s.seed.value_or(derive_run_seed(id.run_id));
  xo.identity = id;
  apply_segment_to_feeders(p.s, *o.segment);
}

// Before the load: how long the run waits for --start-at, or how late it starts.
void announce_start(const run_options& o, const cli_streams& io) {
  if (!o.start_at) return;
  const auto until = *o.start_at - std::chrono::system_clock::now();
  const double s = std::chrono::duration<double>(until).count();
  if (s > 0) {
    if (!o.silent) std::fprintf(io.err, "loadgen: waiting %.1f s for --start-at %s\n", s, format_utc(*o.start_at).c_str());
  } else {
    std::fprintf(io.err, "loadgen: warning: starting %.3f s late (--start-at %s)\n", -s, format_utc(*o.start_at).c_str());
  }
  std::fflush(io.err);
}

}  // namespace

int run_command(const run_options& o, const cli_streams& io) {
  if (o.start_at) check_start_at(*o.start_at, std::chrono::system_clock::now());  // before any other work
  interrupt_watch interrupts;  // from here on Ctrl-C cuts the run short and the reports still get written
  prepared_scenario p = prepare_scenario(o.scenario_path, o.profile_path, o.target, o.sets, o.extras);
  for (const auto& w : p.warnings) std::fprintf(io.err, "loadgen: warning: %s\n", w.c_str());
  console_view console(io.err, io.err_is_tty, o.progress_interval);
  const std::string out_dir =
      o.out_dir.value_or(default_out_dir() + (o.segment ? o.segment->dir_suffix() : std::string()));

  execution_options xo;
  plan_segment(o, p, xo);
  xo.threads = o.threads;
  xo.profile_path = o.profile_path;
  xo.interrupts = &interrupts;
  xo.on_drain = [&](std::uint64_t in_flight, std::chrono::nanoseconds drain) {
    console.finish();
    if (o.silent) return;
    std::fprintf(io.err, "loadgen: load phase over; waiting up to %s for %llu request%s in flight (drain)\n",
                 format_duration(drain).c_str(), static_cast<unsigned long long>(in_flight), in_flight == 1 ? "" : "s");
    std::fflush(io.err);
  };
  if (!o.quiet) {
    xo.on_progress = [&console](const progress_view& v) { console.update(v); };
    xo.on_ready = [&] {
      std::fprintf(io.err, "loadgen: %s -> %s (%s%s)\n", p.s.name.c_str(), p.s.target.text.c_str(),
                   describe_load(p.s.load).c_str(),
                   xo.identity ? (", segment " + xo.segment.text() + " of run " + xo.identity->run_id).c_str() : "");
      announce_start(o, io);
    };
  } else {
    xo.on_ready = [&] { announce_start(o, io); };
  }
  std::optional<live_view> live;  // --web, --metrics-listen: on a thread of their own, closed when we return
  if (o.live.any()) {
    live.emplace(o.live, [&interrupts] { interrupts.stop_from_web(); });
    if (!o.silent && !live->page_url().empty()) std::fprintf(io.err, "loadgen: live view at %s\n", live->page_url().c_str());
    if (!o.silent && !live->metrics_url().empty())
      std::fprintf(io.err, "loadgen: live metrics at %s\n", live->metrics_url().c_str());
    std::fflush(io.err);
    xo.per_endpoint_progress = live->wants_endpoint_progress();
    xo.on_progress = [&live, console_update = std::move(xo.on_progress)](const progress_view& v) {
      if (console_update) console_update(v);
      live->update(v);
    };
  }
  execution x = execute_run(p.s, p.kpis, xo);  // std::invalid_argument for an unresolvable target
  console.finish();
  const engine_outcome& outcome = x.outcome;
  const run_result& run = x.run;
  if (live) live->finish(run, outcome.stopped_early ? std::min(outcome.stopped_after, p.s.load.duration()) : p.s.load.duration());
  for (const auto& w : outcome.warnings) std::fprintf(io.err, "loadgen: warning: %s\n", w.c_str());
  write_run_dir(run, out_dir);

  if (!o.silent) {  // --quiet drops the live line only; the summary stays, as in k6 and Locust
    std::string md = render(run, "md");
    std::fwrite(md.data(), 1, md.size(), io.out);
  }
  // Why requests failed, the most frequent first (all of them in report.md and failures.csv).
  for (const auto& [endpoint, r] : top_failure_reasons(run, 3)) {
    std::fprintf(io.err, "loadgen: failed %llu x %s: %s%s%s\n", static_cast<unsigned long long>(r.count),
                 endpoint.c_str(), r.reason.c_str(), r.sample.empty() ? "" : " — ", r.sample.c_str());
  }
  if (run.server)
    std::fprintf(io.err, "loadgen: server metrics: %llu scrapes, %llu failed, %zu series (server_metrics.json)\n",
                 static_cast<unsigned long long>(run.server->scrapes),
                 static_cast<unsigned long long>(run.server->failed_scrapes), run.server->series.size());
  std::fprintf(io.err, "loadgen: verdict %s%s%s; reports in %s\n", run.verdict.c_str(),
               run.verdict_reason.empty() ? "" : ": ", run.verdict_reason.c_str(), out_dir.c_str());
  if (run.interrupted) return interrupts.exit_code();
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
