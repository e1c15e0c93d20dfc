// execute_run: the engine plus the bookkeeping that turns its outcome into a run_result.
#include "loadgen/experiment/run_execution.hpp"

#include <cstdio>

#include "common/units.hpp"
#include "loadgen/engine/engine.hpp"
#include "loadgen/scenario/tag_filter.hpp"
#include "loadgen/scrape/scraper.hpp"

namespace ragbench::loadgen {

execution execute_run(const scenario& s, const std::vector<kpi>& kpis, const execution_options& o) {
  engine_options eo;
  eo.threads = o.threads;
  eo.on_progress = o.on_progress;
  eo.per_endpoint_progress = o.per_endpoint_progress;
  eo.on_drain = o.on_drain;
  eo.segment = o.segment;
  eo.run_seed = o.run_seed;
  eo.start_at = o.start_at;
  engine e(s, eo);
  e.prepare();  // throws std::invalid_argument for an unresolvable target, before on_ready and any traffic
  if (o.on_ready) o.on_ready();

  execution x;
  x.run.machine = probe_machine();  // before the load starts: the load average is the machine's, not ours
  {
    struct attach_guard {  // a signal stops this engine while it runs, and no other
      interrupt_watch* w;
      ~attach_guard() {
        if (w) w->attach(nullptr);
      }
    } guard{o.interrupts};
    if (o.interrupts) o.interrupts->attach(&e);
    // The target's /metrics on a thread of its own, from just before the load starts (the engine's
    // time 0 is ~20 ms later) to the end of the drain.
    std::optional<scraper> scrape;
    if (s.scrape.enabled()) scrape.emplace(s.scrape).start();
    x.outcome = e.run();
    if (scrape) {
      x.run.server = scrape->stop();
      for (auto& w : scrape->warnings()) x.outcome.warnings.push_back(std::move(w));
    }
  }

  run_result& run = x.run;
  run.scenario = s.name;
  run.started_at = x.outcome.started_at;
  run.duration_s = x.outcome.duration_s;
  run.model = x.outcome.open_model ? "open" : "closed";
  run.target = s.target.text;
  run.tags = endpoints_by_tag(s);
  run.settings["load"] = describe_load(s.load);
  run.settings["threads"] = std::to_string(o.threads);
  if (o.profile_path) run.settings["profile"] = *o.profile_path;
  if (x.outcome.stopped_early) run.settings["stopped_early"] = "true";
  run.stats = std::move(x.outcome.stats);
  x.outcome.stats = run_stats{};
  if (x.outcome.in_flight_at_end > 0) run.settings["in_flight_at_end"] = std::to_string(x.outcome.in_flight_at_end);
  run.settings["drain"] = format_duration(x.outcome.drain);
  if (o.start_at) {
    char late[32];
    std::snprintf(late, sizeof late, "%.3f", std::chrono::duration<double>(x.outcome.start_late).count());
    run.settings["start_late_s"] = late;
    run.settings["start_at_unix_ms"] =
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(o.start_at->time_since_epoch()).count());
  }
  if (o.identity) {
    run.segment = *o.identity;
    run.segment->index = static_cast<int>(o.segment.index);
    run.segment->count = static_cast<int>(o.segment.count);
    run.segment->started_unix_ms = x.outcome.started_unix_ms;
    run.settings["segment"] = o.segment.text();
  }
  compute_totals(run);
  verdict_rules rules;
  rules.max_error_rate_pct = s.max_error_rate_pct;
  rules.default_max_error_rate_pct = default_max_error_rate_pct;
  evaluate_kpis(run, kpis, rules);
  if (o.identity && !x.outcome.open_model) {
    // A closed-model segment can be left without users (fewer users than segments): it ran nothing,
    // which is right, so it has nothing to judge; the merged run is judged.
    const auto users = std::get<closed_load>(s.load.shape).users;
    if (closed_share(users, o.segment) == 0) {
      run.kpis.clear();
      run.verdict = "pass";
      run.verdict_reason = "segment " + o.segment.text() + " has none of the " + std::to_string(users) +
                           " users: nothing to judge (judge the merged run)";
    }
  }
  if (x.outcome.generator_limited) {
    run.generator_valid = false;
    run.generator_reason = x.outcome.generator_reason;
  }
  if (x.outcome.target_unreachable) {
    run.verdict = "fail";
    run.verdict_reason = x.outcome.failure_reason;
    run.generator_reason = x.outcome.failure_reason;
  }
  if (o.interrupts && o.interrupts->interrupted() && x.outcome.stopped_early) {
    run_interruption why;
    why.signal = o.interrupts->signal_name();
    why.at = o.interrupts->at();
    why.after_s = std::chrono::duration<double>(x.outcome.stopped_after).count();
    why.planned_s = std::chrono::duration<double>(s.load.duration()).count();
    mark_interrupted(run, why);
  }
  return x;
}

}  // namespace ragbench::loadgen
