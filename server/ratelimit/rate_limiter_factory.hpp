#pragma once
// The one place rate-limit bucket stores are chosen by name; its table is the list of names.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "server/pool/pool_options.hpp"
#include "server/ratelimit/rate_limiter.hpp"

namespace ragbench::server {

struct rate_limiter_options {
  std::string store = "auto";          // a name from rate_limiter_store_names()
  std::size_t max_buckets = 100'000;   // memory: the bound on buckets held
  std::string redis_url;               // redis: required
  pool_options pool;                   // redis: its connection pool
};

// "auto" (default: redis when redis_url is set, else memory), "memory", "redis". The one list
// (setting validation and --help read it).
std::span<const std::string_view> rate_limiter_store_names();

// Throws std::invalid_argument for an unknown store or bad options (redis without a URL).
std::unique_ptr<rate_limiter> make_rate_limiter(const rate_limiter_options& options, const clock_source& clock);

}  // namespace ragbench::server
