#pragma once
// The load engine: N worker threads (one io_context, its users/connections and its stats_recorder
// each), a controlling thread that merges their intervals once a second for the console, and the
// final merge into one run_stats. Closed (users) and open (arrival rate) models.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "common/clock.hpp"
#include "loadgen/engine/engine_options.hpp"
#include "loadgen/engine/session_factory.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

class worker;

class engine {
 public:
  // Validates what the engine needs, without touching the network: a supported protocol, at least
  // one task, a load duration, a loadable tls.ca_file. Throws std::invalid_argument with a clear
  // message otherwise. `s` must outlive the engine.
  engine(const scenario& s, engine_options options);

  // The network steps before any traffic: resolves the target (throws std::invalid_argument when it
  // cannot be resolved) and, for protocol auto (https), runs one TLS handshake offering h2 and
  // http/1.1 that picks the run's protocol (a failed probe falls back to http1; the run counts the
  // TLS failures). Blocks for up to the connect timeout. Idempotent; run() calls it if needed.
  void prepare();

  // Runs the whole scenario (blocking): prepare() if not done, the load phase, then the drain
  // (requests still in flight get up to the drain bound, engine_options::drain; what is left is
  // cancelled and counted as unfinished). Progress and drain callbacks run on the calling thread.
  engine_outcome run();
  // Thread-safe, also from a signal-watching thread: cuts the run short. Nothing new starts; requests
  // in flight get at most engine_options::stop_drain. run() returns within about that long.
  void request_stop();

 private:
  // Once every worker's load phase is over: records the requests in flight and calls on_drain.
  // False while some worker is still in its load phase.
  bool announce_drain(const std::vector<std::unique_ptr<worker>>& workers, engine_outcome& out);

  // The steps of run(), over one run's workers, threads and bookkeeping (defined in engine.cpp).
  struct run_state;
  void start_workers(run_state& r);
  // Sleeps until the next once-a-second tick, passing a stop request on to the workers and announcing
  // the drain on the way. False when every worker has finished (the run is over).
  bool wait_for_tick(run_state& r);
  // One tick: each live worker's interval (posted to its thread), merged for on_progress; a target
  // that answered nothing but refused connections for unreachable_after stops the run.
  void progress_tick(run_state& r);
  // Joins the threads and turns the workers' final statistics into the outcome: merge, warnings,
  // measured duration, unreachable target, generator limit.
  engine_outcome finish(run_state& r);

  const scenario& scenario_;
  engine_options options_;
  boost::asio::ip::tcp::endpoint target_;
  protocol_kind negotiated_ = protocol_kind::http1;
  std::string probe_note_;  // auto: what the ALPN probe found, for the warnings
  bool prepared_ = false;
  steady_clock_source clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_requested_ = false;
};

}  // namespace ragbench::loadgen
