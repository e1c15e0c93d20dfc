// make_rate_limiter: the table of bucket stores.
#include "server/ratelimit/rate_limiter_factory.hpp"

#include <stdexcept>

#include "common/name_table.hpp"

#include "server/ratelimit/local_rate_limiter.hpp"
#include "server/ratelimit/redis_rate_limiter.hpp"

namespace ragbench::server {
namespace {

using limiter_maker = std::unique_ptr<rate_limiter> (*)(const rate_limiter_options&, const clock_source&);
struct limiter_store {
  std::string_view name;
  limiter_maker make;
};

std::unique_ptr<rate_limiter> make_memory(const rate_limiter_options& o, const clock_source& clock) {
  return std::make_unique<local_rate_limiter>(o.max_buckets, clock);
}

std::unique_ptr<rate_limiter> make_redis(const rate_limiter_options& o, const clock_source& clock) {
  return std::make_unique<redis_rate_limiter>(o.redis_url, o.pool, clock);
}

constexpr limiter_store k_stores[] = {
    {"auto",
     [](const rate_limiter_options& o, const clock_source& clock) {
       return o.redis_url.empty() ? make_memory(o, clock) : make_redis(o, clock);
     }},
    {"memory", make_memory},
    {"redis", make_redis},
};

constexpr auto k_names = names_of(k_stores);

}  // namespace

std::span<const std::string_view> rate_limiter_store_names() { return k_names; }

std::unique_ptr<rate_limiter> make_rate_limiter(const rate_limiter_options& options, const clock_source& clock) {
  if (const auto* s = find_named(k_stores, options.store)) return s->make(options, clock);
  throw std::invalid_argument("unknown rate limit store '" + options.store + "' (expected " + join_names(k_names) +
                              ")");
}

}  // namespace ragbench::server
