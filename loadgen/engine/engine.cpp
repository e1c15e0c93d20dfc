// The engine's steps: validate (constructor), resolve and probe (prepare), start the worker threads,
// the once-a-second progress merge with unreachable-target detection, the final merge (finish).
#include "loadgen/engine/engine.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <thread>

#include "loadgen/engine/session_factory.hpp"
#include "loadgen/engine/tls_client_context.hpp"
#include "loadgen/engine/worker.hpp"

namespace ragbench::loadgen {
namespace {

std::string iso8601(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::chrono::nanoseconds total_duration(const scenario& s) {
  if (const auto* o = std::get_if<open_load>(&s.load.shape)) return o->duration;
  return std::get<closed_load>(s.load.shape).duration;
}

// The default drain: the longest whole-response timeout any request of the scenario may take.
std::chrono::nanoseconds longest_timeout(const scenario& s, std::chrono::nanoseconds session_default) {
  std::chrono::nanoseconds t{0};
  auto consider = [&](const request_spec& r) { t = std::max(t, r.timeout.value_or(session_default)); };
  for (const auto& r : s.on_start) consider(r);
  for (const auto& task : s.tasks)
    for (const auto& r : task.steps) consider(r);
  return t;
}

}  // namespace

engine::engine(const scenario& s, engine_options options) : scenario_(s), options_(std::move(options)) {
  check_protocol_supported(s.protocol);
  if (s.tasks.empty()) throw std::invalid_argument("scenario has no tasks");
  if (total_duration(s).count() <= 0) throw std::invalid_argument("load duration must be > 0");
  if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
  if (!options_.drain) options_.drain = s.drain.value_or(longest_timeout(s, options_.session.request_timeout));
  negotiated_ = s.protocol;
  if (s.target.tls()) tls_client_context check(s.tls, s.target.host, s.protocol);  // throws for a bad ca_file
}

void engine::prepare() {
  if (prepared_) return;
  const scenario& s = scenario_;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(s.target.host, std::to_string(s.target.port), ec);
  if (ec || results.empty())
    throw std::invalid_argument("target " + s.target.text + ": cannot resolve host '" + s.target.host + "': " + ec.message());
  target_ = results.begin()->endpoint();
  if (s.protocol == protocol_kind::auto_alpn) {
    try {
      std::string alpn = probe_alpn(s, target_, options_.session.connect_timeout);
      negotiated_ = alpn == "h2" ? protocol_kind::h2 : protocol_kind::http1;
      probe_note_ = "protocol auto: the server chose " + (alpn.empty() ? std::string("no ALPN protocol (HTTP/1.1)") : alpn);
    } catch (const std::runtime_error& e) {
      negotiated_ = protocol_kind::http1;
      probe_note_ = std::string("protocol auto: the ALPN probe failed (") + e.what() + "); running HTTP/1.1";
    }
  }
  prepared_ = true;
}

namespace {

// TLS handshakes, session resumption and HTTP/2 stream failures, for the run's warnings.
void connection_warnings(const std::vector<std::unique_ptr<worker>>& workers, const connection_plan& plan,
                         std::vector<std::string>& out) {
  tls_stats tls;
  h2_stats h2;
  http1_stats http1;
  for (const auto& w : workers) {
    if (const tls_stats* t = w->sessions().tls()) {
      tls.handshakes += t->handshakes;
      tls.resumed += t->resumed;
      tls.failed += t->failed;
      if (!t->last_error.empty()) tls.last_error = t->last_error;
    }
    h2.merge(w->sessions().h2());
    http1.merge(w->sessions().http1());
  }
  if (http1.overruns || http1.stray_resent)
    out.push_back("HTTP/1.1: the server sent bytes after the end of a response (a body longer than its "
                  "Content-Length?): " + std::to_string(http1.overruns) + " responses failed as protocol with them, " +
                  std::to_string(http1.stray_resent) +
                  " requests found them where their answer should start and were sent again on a fresh connection");
  if (plan.tls)
    out.push_back("TLS: " + std::to_string(tls.handshakes) + " handshakes, " + std::to_string(tls.resumed) +
                  " resumed (session reuse), " + std::to_string(tls.failed) + " failed" +
                  (tls.last_error.empty() ? "" : " (last: " + tls.last_error + ")"));
  if (is_http2(plan.protocol)) {
    std::string line = "HTTP/2: " + std::to_string(plan.connections) + " connections x " +
                       std::to_string(plan.max_streams) + " streams";
    if (h2.goaways) line += ", " + std::to_string(h2.goaways) + " GOAWAY received (" +
                            std::to_string(h2.goaway_failed) + " requests failed as goaway)";
    for (const auto& [name, n] : h2.resets) line += ", RST_STREAM " + name + " x" + std::to_string(n);
    out.push_back(line);
  }
}

}  // namespace

bool engine::announce_drain(const std::vector<std::unique_ptr<worker>>& workers, engine_outcome& out) {
  std::uint64_t in_flight = 0;
  for (const auto& w : workers) {
    if (!w->stop_began() && !w->finished()) return false;
    in_flight += w->stop_began() ? w->in_flight_at_stop() : 0;
  }
  out.in_flight_at_end = in_flight;
  if (in_flight > 0 && options_.on_drain) options_.on_drain(in_flight, out.drain);
  return true;
}

void engine::request_stop() {
  std::lock_guard lock(mutex_);
  stop_requested_ = true;
  wake_.notify_all();
}

struct engine::run_state {
  engine_outcome out;
  std::chrono::nanoseconds total{0};
  unsigned n = 0;  // worker threads
  steady_clock_source::time_point run_start;
  steady_clock_source::time_point next_tick;
  connection_plan plan;
  std::vector<std::unique_ptr<worker>> workers;
  std::vector<std::thread> threads;
  // The tick rounds (guarded by mutex_): an answer of an older round is discarded.
  std::vector<worker_tick> ticks;
  std::uint64_t generation = 0;
  std::size_t answered = 0;
  bool stopped = false, drain_announced = false;

  bool all_finished() const {
    for (const auto& w : workers)
      if (!w->finished()) return false;
    return true;
  }
};

engine_outcome engine::run() {
  prepare();
  run_state r;
  start_workers(r);
  while (wait_for_tick(r)) progress_tick(r);
  return finish(r);
}

void engine::start_workers(run_state& r) {
  r.out.open_model = scenario_.load.is_open();
  r.out.drain = *options_.drain;
  r.total = total_duration(scenario_);
  r.n = options_.threads;
  if (!r.out.open_model) {
    const auto users = closed_share(std::get<closed_load>(scenario_.load.shape).users, options_.segment);
    r.n = std::min<unsigned>(r.n, static_cast<unsigned>(std::max<std::uint64_t>(1, users)));
  }
  const std::uint64_t seed = options_.run_seed.value_or(scenario_.seed.value_or(std::random_device{}()));

  // Start a little in the future so every worker is up before the first arrival is due, or at
  // start_at when that is later: the workers then wait on their timers.
  const auto steady_now = clock_.now();
  const auto system_now = std::chrono::system_clock::now();
  std::chrono::nanoseconds lead = std::chrono::milliseconds(20);
  if (options_.start_at) lead = std::max(lead, std::chrono::nanoseconds(*options_.start_at - system_now));
  r.run_start = steady_now + lead;
  const auto started = system_now + std::chrono::duration_cast<std::chrono::system_clock::duration>(lead);
  if (options_.start_at) r.out.start_late = std::max(std::chrono::nanoseconds(0), std::chrono::nanoseconds(started - *options_.start_at));
  r.out.started_at = iso8601(started);
  r.out.started_unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count();
  r.next_tick = r.run_start + std::chrono::seconds(1);
  r.plan = plan_connections(scenario_, negotiated_, r.n, options_.default_open_connections);
  for (unsigned i = 0; i < r.n; ++i)
    r.workers.push_back(
        std::make_unique<worker>(scenario_, options_, r.plan, i, r.n, target_, clock_, r.run_start, seed));
  r.ticks.resize(r.n);
  for (auto& w : r.workers)
    r.threads.emplace_back([this, &w] {
      w->run();
      std::lock_guard lock(mutex_);
      wake_.notify_all();  // let the controller notice the end without waiting for the next tick
    });
}

bool engine::wait_for_tick(run_state& r) {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      // Short slices as well as the notification: the end of the run is noticed within 50 ms.
      wake_.wait_until(lock, std::min(r.next_tick, clock_.now() + std::chrono::milliseconds(50)),
                       [&] { return (stop_requested_ && !r.stopped) || r.all_finished(); });
      if (stop_requested_ && !r.stopped) {
        r.stopped = r.out.stopped_early = true;
        r.out.stopped_after = std::max(std::chrono::nanoseconds(0), clock_.now() - r.run_start);
        r.out.drain = std::min(*options_.drain, options_.stop_drain);
        lock.unlock();
        for (auto& w : r.workers) w->request_stop();
      }
    }
    if (!r.drain_announced) r.drain_announced = announce_drain(r.workers, r.out);
    if (r.all_finished()) return false;
    if (clock_.now() < r.next_tick) continue;
    r.next_tick += std::chrono::seconds(1);
    return true;
  }
}

void engine::progress_tick(run_state& r) {
  // Ask each live worker for its interval (posted, so no lock on its hot path).
  ++r.generation;
  r.answered = 0;
  std::size_t live = 0;
  for (unsigned i = 0; i < r.n; ++i) {
    if (r.workers[i]->finished()) continue;
    ++live;
    boost::asio::post(r.workers[i]->io(), [this, i, gen = r.generation, &r] {
      worker_tick t = r.workers[i]->tick();
      std::lock_guard lock(mutex_);
      if (gen != r.generation) return;  // too late for its round; the final merge still has it all
      r.ticks[i] = std::move(t);
      ++r.answered;
      wake_.notify_all();
    });
  }
  progress_view view;
  {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(300), [&] { return r.answered >= live; });
    ++r.generation;  // late answers are discarded
    std::uint64_t responses = 0, connect_failures = 0;
    for (auto& t : r.ticks) {
      view.interval.merge(t.interval);
      view.users += t.users;
      view.dropped += t.dropped;
      view.late += t.late;
      responses += t.responses;
      connect_failures += t.connect_failures;
      t.interval = interval_stats{};
      merge_endpoint_progress(view.endpoints, t.endpoints);  // cumulative: kept for the next round
    }
    const auto elapsed = clock_.now() - r.run_start;
    if (responses == 0 && connect_failures > 0 && elapsed >= options_.unreachable_after && !r.stopped) {
      r.out.target_unreachable = true;
      stop_requested_ = true;
    }
  }
  view.elapsed = std::min<std::chrono::nanoseconds>(clock_.now() - r.run_start, r.total);
  view.total = r.total;
  view.open_model = r.out.open_model;
  if (r.out.open_model) {
    arrival_schedule schedule(std::get<open_load>(scenario_.load.shape), 0);
    view.target_rate_per_s = schedule.rate_at(view.elapsed) / std::max<std::uint32_t>(1, options_.segment.count);
  }
  if (options_.on_progress) options_.on_progress(view);
}

engine_outcome engine::finish(run_state& r) {
  for (auto& t : r.threads) t.join();
  const auto ended = clock_.now();
  engine_outcome& out = r.out;

  std::uint64_t responses = 0, connect_failures = 0, feeder_exhausted = 0;
  for (auto& w : r.workers) {
    out.stats.merge(w->recorder().snapshot());
    worker_tick t = w->tick();
    responses += t.responses;
    connect_failures += t.connect_failures;
    out.scheduled += t.scheduled;
    feeder_exhausted += t.feeder_exhausted;
  }
  if (!probe_note_.empty()) out.warnings.push_back(probe_note_);
  connection_warnings(r.workers, r.plan, out.warnings);
  if (feeder_exhausted > 0)
    out.warnings.push_back(std::to_string(feeder_exhausted) + " users stopped early: a 'unique' feeder ran out of rows");
  if (!r.drain_announced) announce_drain(r.workers, out);
  // An interrupted run measured up to its stop, not up to the end of its drain.
  const auto run_end = out.stopped_early ? std::min(out.stopped_after, r.total) : r.total;
  auto measured = std::min<std::chrono::nanoseconds>(ended - r.run_start, run_end) -
                  scenario_.warmup.value_or(std::chrono::nanoseconds(0));
  out.duration_s = std::max(0.0, std::chrono::duration<double>(measured).count());
  if (responses == 0 && connect_failures > 0) {
    out.target_unreachable = true;
    out.failure_reason = "target " + scenario_.target.text + " unreachable: all " + std::to_string(connect_failures) +
                         " connection attempts failed";
  }
  if (out.open_model && out.scheduled > 0) {
    double frac = static_cast<double>(out.stats.dropped + out.stats.late) / static_cast<double>(out.scheduled);
    if (frac > options_.generator_limit_fraction) {
      out.generator_limited = true;
      char buf[160];
      std::snprintf(buf, sizeof buf, "%.1f%% of %llu scheduled starts were dropped (%llu) or late (%llu)", frac * 100,
                    static_cast<unsigned long long>(out.scheduled), static_cast<unsigned long long>(out.stats.dropped),
                    static_cast<unsigned long long>(out.stats.late));
      out.generator_reason = buf;
    }
  }
  return std::move(out);
}

}  // namespace ragbench::loadgen
