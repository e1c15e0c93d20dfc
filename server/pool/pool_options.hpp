#pragma once
// Settings of a connection pool (PostgreSQL or Redis connections). Which fields a strategy reads:
//   none    — opens a connection per acquisition and closes it on release (connect_timeout only);
//   fixed   — at most `max` connections, opened lazily and kept for the process lifetime
//             (subject to max_lifetime); waiters queue (FIFO) up to acquire_timeout;
//   elastic — keeps at least `min` open, grows to `max`, and beyond that to `max + overflow`
//             (overflow connections close on release); idle connections above `min` close after
//             idle_timeout; every connection is retired after max_lifetime (+/- lifetime_jitter);
//             connection_pool::maintain() opens connections up to `min` (nothing is opened at
//             construction, so a pool can be built while its backend is down).
// fixed and elastic both ping a connection idle longer than preping_after before handing it out
// (0 = ping on every reuse) and retire connections past max_lifetime (+/- lifetime_jitter).
// Defaults follow the seeds (SQLAlchemy pool_size 20, max_overflow 10, pool_timeout 30 s,
// pool_recycle 3600 s; Redis max 20 connections, 20 s idle, 10 s connect timeout).
#include <chrono>
#include <cstddef>
#include <string>

namespace ragbench::server {

struct pool_options {
  std::string strategy = "fixed";  // "fixed" | "elastic" | "none" (pool_strategy_names())
  std::size_t min = 2;             // elastic: connections kept open
  std::size_t max = 20;            // fixed/elastic: connections kept in the pool
  std::size_t overflow = 10;       // elastic: extra connections beyond max, closed on release
  std::chrono::milliseconds acquire_timeout{30'000};  // waiters give up after this -> error (503)
  std::chrono::milliseconds idle_timeout{20'000};     // elastic: close idle connections above min
  std::chrono::milliseconds max_lifetime{3'600'000};  // retire connections this old (0 = never)
  double lifetime_jitter = 0.10;                      // +/- fraction of max_lifetime
  std::chrono::milliseconds preping_after{5'000};     // ping connections idle longer than this
  std::chrono::milliseconds connect_timeout{10'000};  // one connection attempt
};

}  // namespace ragbench::server
