#pragma once
// One engine thread: its io_context, its virtual users (and so its connections) and its own
// stats_recorder. The engine talks to it only by posting to its io_context, so nothing on the
// request path is shared between threads.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "loadgen/engine/arrival_pacer.hpp"
#include "loadgen/engine/engine_options.hpp"
#include "loadgen/engine/session_factory.hpp"
#include "loadgen/engine/virtual_user.hpp"
#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/weighted_picker.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen {

// A scenario request prepared for one worker: its endpoint id and, when literal, its bytes.
struct step_entry {
  const request_spec* spec = nullptr;
  endpoint_id id = 0;
  bool literal = false;
  bool head = false;
  bool simple = false;      // only status checks, no captures: the fast path
  bool keep_body = false;   // a check or capture reads the body: it goes to the user's body_buffer
  std::size_t max_body = 0; // ... kept up to this many bytes (then body_too_large)
  std::string prebuilt;
};

// Counters the engine reads once a second (via tick()) and at the end.
struct worker_tick {
  interval_stats interval;
  std::uint64_t users = 0, responses = 0, connect_failures = 0, scheduled = 0, dropped = 0, late = 0;
  std::uint64_t feeder_exhausted = 0;  // users stopped because a `unique` feeder ran out
  std::vector<endpoint_progress> endpoints;  // engine_options::per_endpoint_progress: cumulative per endpoint
};

class worker {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  // `plan` must outlive the worker. Throws std::invalid_argument for unusable TLS settings.
  worker(const scenario& s, const engine_options& o, const connection_plan& plan, unsigned index, unsigned count,
         boost::asio::ip::tcp::endpoint target, const clock_source& clock, time_point run_start,
         std::uint64_t seed);
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;
  ~worker();

  // Runs the event loop until the run is over (on the calling thread, normally its own).
  void run();
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  boost::asio::io_context& io() { return io_; }
  // Thread-safe: stops starting work now; requests in flight get min(drain, stop_drain), then they
  // are cancelled and counted as unfinished.
  void request_stop();
  // Thread-safe: the load phase is over (its duration ran out or request_stop() took effect) ...
  bool stop_began() const { return stop_began_.load(std::memory_order_acquire); }
  // ... with this many requests in flight at that moment (valid once stop_began()).
  std::uint64_t in_flight_at_stop() const { return in_flight_at_stop_.load(std::memory_order_relaxed); }
  // On the worker thread only (post a lambda to io()): the interval since the last tick.
  worker_tick tick();
  // After run() returned (or on the worker thread): everything recorded.
  const stats_recorder& recorder() const { return recorder_; }
  // After run() returned: TLS handshake and HTTP/2 stream counters of this worker's connections.
  const session_factory& sessions() const { return *sessions_; }

  // --- for virtual_user (worker thread only) ---
  const scenario& scn() const { return scenario_; }
  const clock_source& clock() const { return clock_; }
  const std::vector<step_entry>& on_start_steps() const { return on_start_; }
  const std::vector<step_entry>& task_steps(std::size_t t) const { return tasks_[t]; }
  std::size_t pick_task();
  std::mt19937_64& rng() { return rng_; }
  bool stopping() const { return stopping_; }
  // The drain is over: requests completing now were cancelled by the stop (counted as unfinished).
  bool drain_over() const { return drain_over_; }
  bool recording(time_point sent_at) const { return sent_at >= record_from_; }
  stats_recorder& rec() { return recorder_; }
  void note_response() { ++responses_; }
  void note_connect_failure() { ++connect_failures_; }
  void note_feeder_exhausted() { ++feeder_exhausted_; }
  void note_busy(bool busy);
  void on_user_free(virtual_user& u);  // open model: the user finished its iteration
  std::chrono::nanoseconds think_time(time_point iteration_start);

 private:
  void prepare_steps();
  void spawn_due();
  void pace();
  void dispatch(time_point intended);
  void begin_stop(std::chrono::nanoseconds drain);
  void hard_stop();
  void drop(std::uint64_t n);
  virtual_user& new_user();

  const scenario& scenario_;
  const engine_options& options_;
  unsigned index_, count_;
  boost::asio::ip::tcp::endpoint target_;
  const clock_source& clock_;
  time_point run_start_, stop_at_, record_from_;
  boost::asio::io_context io_;
  boost::asio::steady_timer spawn_timer_, pace_timer_, end_timer_, grace_timer_;
  std::unique_ptr<session_factory> sessions_;  // before users_: their sessions may share its connections
  stats_recorder recorder_;
  std::mt19937_64 rng_;
  std::optional<weighted_picker> picker_;
  std::vector<step_entry> on_start_;
  std::vector<std::vector<step_entry>> tasks_;
  std::vector<std::unique_ptr<virtual_user>> users_;

  // closed model
  std::uint64_t next_user_ = 0, total_users_ = 0, first_user_id_ = 0;
  double spawn_rate_ = 1;
  // open model
  std::optional<arrival_pacer> pacer_;
  std::vector<virtual_user*> free_;
  std::deque<time_point> pending_;
  std::size_t max_users_ = 0;

  std::uint64_t busy_users_ = 0, responses_ = 0, connect_failures_ = 0, scheduled_ = 0, dropped_ = 0, late_ = 0,
                feeder_exhausted_ = 0;
  bool stopping_ = false, drain_over_ = false;
  std::atomic<bool> finished_{false}, stop_began_{false};
  std::atomic<std::uint64_t> in_flight_at_stop_{0};
};

}  // namespace ragbench::loadgen
