// redis_cache: versioned keys in Redis, one pipelined round trip per lookup, misses while down.
#include "server/cache/redis_cache.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "server/cache/key_hash.hpp"
#include "server/cache/ttl_jitter.hpp"
#include "server/redis/redis_connection.hpp"

namespace ragbench::server {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::milliseconds k_max_command_timeout = 1000ms;
constexpr int k_max_stale_connections = 64;  // pings of pre-failure connections per request

std::string encode(std::string_view key_text, std::string_view value) {
  std::string out = std::to_string(key_text.size());
  out += ':';
  out += key_text;
  out += value;
  return out;
}

// The value when `stored` was written for exactly `key_text`; nullopt otherwise (a hash collision
// or a foreign value).
std::optional<std::string> decode(const std::string& stored, std::string_view key_text) {
  const auto colon = stored.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::size_t length = 0;
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + colon, length);
  if (ec != std::errc() || end != stored.data() + colon || length != key_text.size()) return std::nullopt;
  if (stored.size() < colon + 1 + length) return std::nullopt;
  if (std::string_view(stored).substr(colon + 1, length) != key_text) return std::nullopt;
  return stored.substr(colon + 1 + length);
}

std::uint64_t parse_generation(const redis_reply& reply) {
  if (reply.type == redis_reply::kind::nil) return 0;
  std::uint64_t value = 0;
  if (reply.type == redis_reply::kind::string) {
    auto [end, ec] = std::from_chars(reply.str.data(), reply.str.data() + reply.str.size(), value);
    if (ec == std::errc() && end == reply.str.data() + reply.str.size()) return value;
  }
  throw redis_error("redis: " + std::string(redis_cache::k_generation_key) + " is not a number", false);
}

}  // namespace

redis_cache::redis_cache(const cache_options& options, const clock_source& clock)
    : options_(options), clock_(clock), backoff_(clock) {
  if (options_.redis_url.empty()) {
    throw std::invalid_argument("cache redis: redis_url is required (e.g. redis://127.0.0.1:6379)");
  }
  url_ = parse_redis_url(options_.redis_url);
  if (options_.default_ttl.count() <= 0) throw std::invalid_argument("cache redis: default_ttl must be positive");
  if (!(options_.ttl_jitter >= 0.0 && options_.ttl_jitter < 1.0)) {
    throw std::invalid_argument("cache redis: ttl_jitter must be in [0, 1)");
  }
  command_timeout_ = std::min(options_.pool.connect_timeout, k_max_command_timeout);
  pool_ = make_redis_pool("redis", options_.pool, url_, command_timeout_, backoff_, clock_);
}

redis_cache::~redis_cache() = default;

std::string redis_cache::entry_key(std::uint64_t generation, std::string_view key_text) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(key_hash(key_text)));
  return "ragbench:answers:g" + std::to_string(generation) + ":" + hash;
}

template <class F>
bool redis_cache::with_connection(F&& use) {
  if (!backoff_.may_try()) return false;
  for (int attempt = 0; attempt < k_max_stale_connections; ++attempt) {
    pool_lease lease;
    try {
      lease = pool_->acquire();
      auto& connection = lease.as<redis_connection>();
      if (!backoff_.ready(connection, command_timeout_)) {  // open across a failure, and dead
        lease.mark_broken();
        continue;
      }
      if (pending_invalidate_.exchange(false)) {
        try {
          generation_.store(static_cast<std::uint64_t>(connection.incr(k_generation_key)));
        } catch (...) {
          pending_invalidate_.store(true);
          throw;
        }
      }
      use(connection);
      backoff_.on_success();
      return true;
    } catch (const redis_error& e) {
      if (!e.io()) return false;  // Redis answered (e.g. WRONGTYPE): a miss, still healthy
      lease.mark_broken();
      backoff_.on_failure();
      return false;
    } catch (const pool_timeout_error&) {
      return false;  // every connection busy: skip the cache rather than wait longer
    } catch (const std::exception&) {  // pool_connect_error and anything unexpected
      backoff_.on_failure();
      return false;
    }
  }
  backoff_.on_failure();
  return false;
}




std::optional<cache_hit> redis_cache::lookup(const cache_key& key) {
  std::optional<std::string> result;
  with_connection([&](redis_connection& connection) {
    const auto seen = generation_.load();
    const std::string entry = entry_key(seen, key.text);
    auto replies = connection.pipeline({{"GET", k_generation_key}, {"GET", entry}});
    const auto current = parse_generation(replies[0]);
    std::optional<std::string> stored;
    if (current == seen) {
      if (replies[1].type == redis_reply::kind::string) stored = std::move(replies[1].str);
    } else {  // another process (or this one) invalidated since: read the current generation
      generation_.store(current);
      stored = connection.get(entry_key(current, key.text));
    }
    if (stored) result = decode(*stored, key.text);
  });
  (result ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
  if (!result) return std::nullopt;
  return cache_hit{std::move(*result), name()};
}

void redis_cache::put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) {
  if (ttl.count() <= 0) ttl = options_.default_ttl;
  ttl = apply_ttl_jitter(key.text, ttl, options_.ttl_jitter);
  const std::string stored = encode(key.text, value);
  const bool ok = with_connection([&](redis_connection& connection) {
    connection.set(entry_key(generation_.load(), key.text), stored, ttl);
  });
  if (ok) puts_.fetch_add(1, std::memory_order_relaxed);
}

void redis_cache::invalidate_all() {
  pending_invalidate_.store(true);
  with_connection([](redis_connection&) {});  // does the owed INCR first thing
}

cache_stats redis_cache::stats() const {
  cache_stats s;
  s.hits = hits_.load(std::memory_order_relaxed);
  s.misses = misses_.load(std::memory_order_relaxed);
  s.puts = puts_.load(std::memory_order_relaxed);
  return s;
}

void redis_cache::observe_pool_acquire(pool_acquire_observer observer) {
  pool_->observe_acquire(std::move(observer));
}

}  // namespace ragbench::server
