// One engine thread: spawning users (closed) or pacing arrivals (open), stopping, per-second ticks.
#include "loadgen/engine/worker.hpp"

#include <algorithm>
#include <cmath>

#include "loadgen/engine/request_builder.hpp"
#include "loadgen/engine/session_factory.hpp"

namespace ragbench::loadgen {
namespace {
constexpr std::size_t max_pending_arrivals = 100000;
constexpr std::size_t max_starts_per_turn = 1024;  // arrivals or spawns per io_context turn
}

worker::worker(const scenario& s, const engine_options& o, const connection_plan& plan, unsigned index,
               unsigned count, boost::asio::ip::tcp::endpoint target, const clock_source& clock, time_point run_start,
               std::uint64_t seed)
    : scenario_(s), options_(o), index_(index), count_(count), target_(target), clock_(clock),
      run_start_(run_start), spawn_timer_(io_), pace_timer_(io_), end_timer_(io_), grace_timer_(io_),
      sessions_(std::make_unique<session_factory>(io_, target, o.session, s, plan, index, count)),
      recorder_(clock, run_start), rng_(segment_seed(seed, o.segment) + 0x9e3779b97f4a7c15ULL * (index + 1)) {
  prepare_steps();
  std::vector<double> weights;
  for (const auto& t : s.tasks) weights.push_back(t.weight);
  if (!weights.empty()) picker_.emplace(weights);
  record_from_ = run_start_ + s.warmup.value_or(std::chrono::nanoseconds(0));
  if (const auto* open = std::get_if<open_load>(&s.load.shape)) {
    stop_at_ = run_start_ + open->duration;
    // Every worker of every segment runs the same global schedule (same seed); segment I of N takes
    // the arrivals k with k mod N == I, and its worker i of n those with k mod (N n) == I + N i.
    const execution_segment& seg = o.segment;
    pacer_.emplace(arrival_schedule(*open, seed, count * seg.count, seg.index + seg.count * index), clock_, run_start_,
                   o.late_after);
    std::uint32_t total = s.load.max_connections ? s.load.max_connections : o.default_open_connections;
    max_users_ = sessions_->max_open_users(std::max<std::size_t>(1, (total + count - 1 - index) / count));
  } else {
    const auto& closed = std::get<closed_load>(s.load.shape);
    stop_at_ = run_start_ + closed.duration;
    // A segment runs its share of the users at the same share of the spawn rate.
    total_users_ = closed_share(closed.users, o.segment);
    first_user_id_ = closed_first_user(closed.users, o.segment);
    const double share = closed.users > 0 ? static_cast<double>(total_users_) / closed.users : 0;
    spawn_rate_ = closed.spawn_rate_per_s > 0 && share > 0 ? closed.spawn_rate_per_s * share : 1e9;
    next_user_ = index;
  }
}

worker::~worker() = default;

void worker::prepare_steps() {
  auto entry = [&](const request_spec& r) {
    step_entry e;
    e.spec = &r;
    e.id = recorder_.register_endpoint(r.name);
    e.literal = is_literal_request(scenario_, r);
    e.head = r.method == "HEAD";
    e.simple = r.check.json.empty() && r.check.body_contains.empty() && r.captures.empty();
    e.keep_body = r.needs_body();
    e.max_body = r.max_body.value_or(scenario_.max_body.value_or(default_max_body_bytes));
    if (e.literal) {
      render_context ctx{};
      std::string scratch;
      build_request(scenario_, r, ctx, e.prebuilt, scratch);
    }
    return e;
  };
  for (const auto& r : scenario_.on_start) on_start_.push_back(entry(r));
  for (const auto& t : scenario_.tasks) {
    tasks_.emplace_back();
    for (const auto& r : t.steps) tasks_.back().push_back(entry(r));
  }
}

void worker::run() {
  end_timer_.expires_at(stop_at_);
  end_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) begin_stop(*options_.drain);
  });
  if (pacer_) pace();
  else spawn_due();
  io_.run();
  finished_.store(true, std::memory_order_release);
}

void worker::request_stop() {
  boost::asio::post(io_, [this] {
    if (stopping_) return;
    end_timer_.cancel();
    begin_stop(std::min(*options_.drain, options_.stop_drain));
  });
}

std::size_t worker::pick_task() {
  if (!picker_ || picker_->size() == 1) return 0;
  return picker_->pick(std::uniform_real_distribution<double>(0, 1)(rng_));
}

std::chrono::nanoseconds worker::think_time(time_point iteration_start) {
  const wait_time& w = scenario_.wait;
  switch (w.kind) {
    case wait_kind::none: return std::chrono::nanoseconds(0);
    case wait_kind::constant: return w.min;
    case wait_kind::between:
      return std::chrono::nanoseconds(std::uniform_int_distribution<std::int64_t>(w.min.count(), w.max.count())(rng_));
    case wait_kind::constant_pacing: return w.min - (std::chrono::steady_clock::now() - iteration_start);
  }
  return std::chrono::nanoseconds(0);
}

void worker::note_busy(bool busy) {
  if (busy) ++busy_users_;
  else --busy_users_;
  if (!busy && stopping_ && busy_users_ == 0) grace_timer_.cancel();  // nothing left to wait for
}

virtual_user& worker::new_user() {
  // Ids unique across the threads and the segments of the test.
  const execution_segment& seg = options_.segment;
  std::uint64_t id = pacer_ ? (users_.size() * count_ + index_) * seg.count + seg.index : first_user_id_ + next_user_;
  users_.push_back(std::make_unique<virtual_user>(*this, id, sessions_->make_user_session()));
  recorder_.record_user_started();
  return *users_.back();
}

void worker::spawn_due() {
  if (stopping_) return;
  auto now = clock_.now();
  auto due = [&](std::uint64_t k) {
    return run_start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(k) / spawn_rate_ * 1e9));
  };
  for (std::size_t n = 0; next_user_ < total_users_ && due(next_user_) <= now; ++n) {
    if (n == max_starts_per_turn) return boost::asio::post(io_, [this] { spawn_due(); });  // as in pace()
    virtual_user& u = new_user();
    next_user_ += count_;
    u.start();
  }
  if (next_user_ >= total_users_) return;
  spawn_timer_.expires_at(due(next_user_));
  spawn_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) spawn_due();
  });
}

void worker::pace() {
  if (stopping_) return;
  // A bounded batch per turn: a schedule faster than this thread can dispatch must not starve the
  // other handlers of its io_context (responses, the end of the run, a stop request).
  for (std::size_t n = 0; n < max_starts_per_turn; ++n) {
    auto d = pacer_->take_due();
    if (!d) break;
    ++scheduled_;
    recorder_.record_scheduled(d->intended, d->late);
    if (d->late) ++late_;
    dispatch(d->intended);
    if (n + 1 == max_starts_per_turn) return boost::asio::post(io_, [this] { pace(); });
  }
  auto next = pacer_->next_intended();
  if (!next) return;
  pace_timer_.expires_at(*next);
  pace_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) pace();
  });
}

void worker::dispatch(time_point intended) {
  if (!free_.empty()) {
    virtual_user* u = free_.back();
    free_.pop_back();
    return u->start_iteration(intended);
  }
  if (users_.size() < max_users_) return new_user().start_iteration(intended);
  if (pending_.size() >= max_pending_arrivals) return drop(1);
  pending_.push_back(intended);
}

void worker::on_user_free(virtual_user& u) {
  auto now = clock_.now();
  while (!pending_.empty()) {
    time_point intended = pending_.front();
    pending_.pop_front();
    if (now - intended > options_.drop_after) {
      drop(1);
      continue;
    }
    return u.start_iteration(intended);
  }
  free_.push_back(&u);
}

void worker::drop(std::uint64_t n) {
  recorder_.record_dropped(n);
  dropped_ += n;
}

// The load phase is over: start nothing new, give the requests in flight up to `drain`, then cancel
// what is left (hard_stop; each is recorded as unfinished, never dropped).
void worker::begin_stop(std::chrono::nanoseconds drain) {
  stopping_ = true;
  spawn_timer_.cancel();
  pace_timer_.cancel();
  if (!pending_.empty()) drop(pending_.size());
  pending_.clear();
  in_flight_at_stop_.store(busy_users_, std::memory_order_relaxed);
  stop_began_.store(true, std::memory_order_release);
  for (auto& u : users_)
    if (!u->busy()) u->stop();
  if (busy_users_ == 0) return;
  grace_timer_.expires_after(drain);
  grace_timer_.async_wait([this](const boost::system::error_code&) { hard_stop(); });
}

void worker::hard_stop() {
  drain_over_ = true;
  for (auto& u : users_) u->stop();
}

worker_tick worker::tick() {
  worker_tick t;
  t.interval = recorder_.snapshot_and_reset_interval();
  t.users = users_.size();
  t.dropped = dropped_;
  t.late = late_;
  t.feeder_exhausted = feeder_exhausted_;
  t.responses = responses_;
  t.connect_failures = connect_failures_;
  t.scheduled = scheduled_;
  if (options_.per_endpoint_progress) t.endpoints = recorder_.endpoint_totals();
  return t;
}

}  // namespace ragbench::loadgen
