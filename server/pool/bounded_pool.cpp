// bounded_pool: the fixed and elastic strategies. Book-keeping happens under one mutex; connects,
// pings and closes happen outside it, on connections reserved (open_ counts them) beforehand.
#include "server/pool/bounded_pool.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ragbench::server {
namespace {
constexpr std::chrono::milliseconds k_wait_slice{10};  // re-check the (possibly fake) clock this often
}

bounded_pool::bounded_pool(std::string name, bounded_pool_policy policy, const pool_options& options,
                           connection_factory factory, const clock_source& clock)
    : name_(std::move(name)),
      policy_(std::move(policy)),
      options_(options),
      factory_(std::move(factory)),
      clock_(clock) {
  if (policy_.max == 0) throw std::invalid_argument("pool " + name_ + ": max must be at least 1");
  if (policy_.keep_min > policy_.max) {
    throw std::invalid_argument("pool " + name_ + ": min (" + std::to_string(policy_.keep_min) +
                                ") must not exceed max (" + std::to_string(policy_.max) + ")");
  }
  if (!(options_.lifetime_jitter >= 0.0 && options_.lifetime_jitter < 1.0)) {
    throw std::invalid_argument("pool " + name_ + ": lifetime_jitter must be in [0, 1)");
  }
  if (!factory_) throw std::invalid_argument("pool " + name_ + ": no connection factory");
}

bounded_pool::~bounded_pool() {
  std::lock_guard lock(mutex_);
  idle_.clear();
}

pool_lease bounded_pool::acquire() {
  const auto start = clock_.now();
  auto observe = [&] {
    if (observer_) observer_(name_, clock_.now() - start);
  };
  for (;;) {
    std::vector<std::unique_ptr<pooled_connection>> to_close;
    slot s;
    try {
      s = wait_for_slot(start, to_close);
    } catch (const pool_timeout_error&) {
      to_close.clear();
      observe();
      throw;
    }
    to_close.clear();
    if (!s.connection) {  // a reservation: open a new connection
      std::unique_ptr<pooled_connection> connection;
      try {
        connection = connect(true);
      } catch (const pool_connect_error&) {
        observe();
        throw;
      }
      observe();
      return pool_lease(this, std::move(connection));
    }
    if (!s.needs_ping) {
      observe();
      return pool_lease(this, std::move(s.connection));
    }
    if (s.connection->ping(options_.connect_timeout)) {
      {
        std::lock_guard lock(mutex_);
        ++reused_;
        ++acquired_;
      }
      observe();
      return pool_lease(this, std::move(s.connection));
    }
    {  // the ping failed: discard it and try again within the same deadline
      std::lock_guard lock(mutex_);
      ++errors_;
      --in_use_;
      close_locked(s.connection.get());
      wake_front_locked();
    }
    s.connection.reset();
  }
}

bounded_pool::slot bounded_pool::wait_for_slot(
    time_point start, std::vector<std::unique_ptr<pooled_connection>>& to_close) {
  const auto deadline = start + options_.acquire_timeout;
  std::unique_lock lock(mutex_);
  waiter self;
  queue_.push_back(&self);
  for (;;) {
    if (queue_.front() == &self) {
      const auto now = clock_.now();
      collect_expired_locked(now, to_close);
      if (!idle_.empty()) {
        slot s{std::move(idle_.back().connection),
               now - idle_.back().idle_since >= options_.preping_after};
        idle_.pop_back();
        queue_.pop_front();
        ++in_use_;
        if (!s.needs_ping) {
          ++reused_;
          ++acquired_;
        }
        wake_front_locked();
        return s;
      }
      if (open_ < limit()) {
        ++open_;
        ++connecting_;
        queue_.pop_front();
        wake_front_locked();
        return {};
      }
    }
    const auto now = clock_.now();
    if (now >= deadline) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &self));
      ++timeouts_;
      wake_front_locked();
      throw pool_timeout_error("pool " + name_ + ": no connection free within " +
                               std::to_string(options_.acquire_timeout.count()) + " ms (" +
                               std::to_string(open_) + " open, all in use)");
    }
    self.wake.wait_for(lock, std::min<std::chrono::nanoseconds>(deadline - now, k_wait_slice));
  }
}

std::unique_ptr<pooled_connection> bounded_pool::connect(bool for_use) {
  std::unique_ptr<pooled_connection> connection;
  std::string failure;
  try {
    connection = factory_(options_.connect_timeout);
    if (!connection) failure = "connection factory returned nothing";
  } catch (const std::exception& e) {
    failure = e.what();
  }
  std::lock_guard lock(mutex_);
  --connecting_;
  if (!failure.empty()) {  // free the reservation so the slot is not leaked
    --open_;
    ++errors_;
    wake_front_locked();
    throw pool_connect_error("pool " + name_ + ": connect failed: " + failure);
  }
  ++created_;
  open_meta_[connection.get()] = meta{retire_time_locked(clock_.now())};
  if (for_use) {
    ++acquired_;
    ++in_use_;
  }
  return connection;
}

void bounded_pool::give_back(std::unique_ptr<pooled_connection> connection, bool broken) {
  std::vector<std::unique_ptr<pooled_connection>> to_close;
  {
    std::lock_guard lock(mutex_);
    --in_use_;
    const auto now = clock_.now();
    auto it = open_meta_.find(connection.get());
    const bool retired = it == open_meta_.end() || it->second.retire_at <= now;
    // Overflow connections close on release, unless someone is waiting for one.
    const bool overflow = open_ > policy_.max && queue_.empty();
    if (broken || retired || overflow) {
      if (broken) ++errors_;
      close_locked(connection.get());
      to_close.push_back(std::move(connection));
    } else {
      idle_.push_back({std::move(connection), now, it->second.retire_at});
    }
    collect_expired_locked(now, to_close);
    wake_front_locked();
  }
}

void bounded_pool::maintain() {
  std::vector<std::unique_ptr<pooled_connection>> to_close;
  std::size_t to_open = 0;
  {
    std::lock_guard lock(mutex_);
    collect_expired_locked(clock_.now(), to_close);
    if (open_ < policy_.keep_min) {
      to_open = policy_.keep_min - open_;
      open_ += to_open;
      connecting_ += to_open;
    }
  }
  to_close.clear();
  for (std::size_t i = 0; i < to_open; ++i) {
    try {
      auto connection = connect(false);
      std::lock_guard lock(mutex_);
      const auto retire_at = open_meta_.at(connection.get()).retire_at;
      idle_.push_back({std::move(connection), clock_.now(), retire_at});
      wake_front_locked();
    } catch (const pool_connect_error&) {
      std::lock_guard lock(mutex_);  // give back the reservations not tried
      open_ -= to_open - i - 1;
      connecting_ -= to_open - i - 1;
      wake_front_locked();
      return;
    }
  }
}

void bounded_pool::collect_expired_locked(time_point now,
                                          std::vector<std::unique_ptr<pooled_connection>>& out) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    const bool retired = it->retire_at <= now;
    const bool idle_too_long = policy_.idle_timeout.count() > 0 &&
                               now - it->idle_since >= policy_.idle_timeout &&
                               open_ > policy_.keep_min;
    if (retired || idle_too_long) {
      close_locked(it->connection.get());
      out.push_back(std::move(it->connection));
      it = idle_.erase(it);
    } else {
      ++it;
    }
  }
}

void bounded_pool::wake_front_locked() {
  if (!queue_.empty()) queue_.front()->wake.notify_one();
}

void bounded_pool::close_locked(const pooled_connection* connection) {
  open_meta_.erase(connection);
  --open_;
  ++closed_;
}

bounded_pool::time_point bounded_pool::retire_time_locked(time_point now) {
  if (options_.max_lifetime.count() <= 0) return time_point::max();
  const double j = options_.lifetime_jitter;
  std::uniform_real_distribution<double> factor(1.0 - j, 1.0 + j);
  const double f = j > 0 ? factor(jitter_rng_) : 1.0;
  return now + std::chrono::duration_cast<std::chrono::nanoseconds>(options_.max_lifetime * f);
}

pool_snapshot bounded_pool::snapshot() const {
  std::lock_guard lock(mutex_);
  pool_snapshot s;
  s.name = name_;
  s.strategy = policy_.strategy;
  s.max = limit();
  s.open = open_ - connecting_;
  s.in_use = in_use_;
  s.waiters = queue_.size();
  s.created = created_;
  s.acquired = acquired_;
  s.reused = reused_;
  s.timeouts = timeouts_;
  s.errors = errors_;
  s.closed = closed_;
  return s;
}

}  // namespace ragbench::server
