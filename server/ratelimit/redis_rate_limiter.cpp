// redis_rate_limiter: one EVALSHA per check (EVAL after NOSCRIPT), fail open with back-off.
#include "server/ratelimit/redis_rate_limiter.hpp"

#include <openssl/sha.h>

#include <cstdio>
#include <stdexcept>

#include "server/redis/redis_connection.hpp"

namespace ragbench::server {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::milliseconds k_max_command_timeout = 1000ms;
constexpr int k_max_stale_connections = 64;

// KEYS[1] the bucket; ARGV[1] quota (tokens), ARGV[2] microseconds per token. Returns {allowed,
// remaining, retry_after_us, next_token_us}: token_bucket.cpp's arithmetic on Redis' clock. All
// values stay below 2^53, so Lua's doubles hold them exactly.
const std::string k_script = R"lua(
local quota = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then tat = now end
local next_tat = tat + interval
local capacity = quota * interval
if next_tat - now > capacity then
  local wait = next_tat - capacity - now
  return {0, 0, wait, wait}
end
local backlog = next_tat - now
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil(backlog / 1000) + 1)
local used = math.ceil(backlog / interval)
return {1, quota - used, 0, backlog - (used - 1) * interval}
)lua";

std::string sha1_hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string out;
  char byte[3];
  for (unsigned char d : digest) {
    std::snprintf(byte, sizeof byte, "%02x", d);
    out += byte;
  }
  return out;
}

limit_decision decode(const redis_reply& reply) {
  if (reply.type != redis_reply::kind::array || reply.elements.size() != 4) {
    throw redis_error("redis rate limit script: unexpected reply", false);
  }
  for (const auto& e : reply.elements) {
    if (e.type != redis_reply::kind::integer) throw redis_error("redis rate limit script: unexpected reply", false);
  }
  limit_decision d;
  d.verdict.allowed = reply.elements[0].integer == 1;
  d.verdict.remaining = static_cast<std::uint64_t>(std::max(0LL, reply.elements[1].integer));
  d.verdict.retry_after_us = reply.elements[2].integer;
  d.verdict.next_token_us = reply.elements[3].integer;
  d.outcome = d.verdict.allowed ? limit_outcome::allowed : limit_outcome::limited;
  return d;
}

}  // namespace

const std::string& redis_rate_limiter::script() { return k_script; }

std::string redis_rate_limiter::bucket_key(endpoint_class cls, std::uint64_t client) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(client));
  return "ragbench:ratelimit:" + std::string(to_string(cls)) + ":" + hex;
}

redis_rate_limiter::redis_rate_limiter(const std::string& redis_url, const pool_options& pool,
                                       const clock_source& clock)
    : clock_(clock), script_sha_(sha1_hex(k_script)), backoff_(clock) {
  if (redis_url.empty()) throw std::invalid_argument("rate limiter redis: a Redis URL is required (--redis-url)");
  url_ = parse_redis_url(redis_url);
  command_timeout_ = std::min(pool.connect_timeout, k_max_command_timeout);
  pool_ = make_redis_pool("redis_ratelimit", pool, url_, command_timeout_, backoff_, clock_);
}

redis_rate_limiter::~redis_rate_limiter() = default;

limit_decision redis_rate_limiter::run_script(redis_connection& connection, endpoint_class cls,
                                              const rate_limit& limit, std::uint64_t client) {
  const std::string key = bucket_key(cls, client);
  const std::string quota = std::to_string(limit.requests);
  const std::string interval = std::to_string(limit.interval_us());
  auto reply = connection.command({"EVALSHA", script_sha_, "1", key, quota, interval});
  if (reply.type == redis_reply::kind::error && reply.str.starts_with("NOSCRIPT")) {
    noscript_reloads_.fetch_add(1, std::memory_order_relaxed);
    reply = connection.command({"EVAL", k_script, "1", key, quota, interval});
  }
  if (reply.type == redis_reply::kind::error) throw redis_error("redis rate limit script: " + reply.str, false);
  return decode(reply);
}

limit_decision redis_rate_limiter::check(endpoint_class cls, const rate_limit& limit, std::uint64_t client) {
  limit_decision failed;
  failed.outcome = limit_outcome::error;
  if (!backoff_.may_try()) return failed;
  for (int attempt = 0; attempt < k_max_stale_connections; ++attempt) {
    pool_lease lease;
    try {
      lease = pool_->acquire();
      auto& connection = lease.as<redis_connection>();
      if (!backoff_.ready(connection, command_timeout_)) {  // open across a failure, and dead
        lease.mark_broken();
        continue;
      }
      auto decision = run_script(connection, cls, limit, client);
      backoff_.on_success();
      return decision;
    } catch (const redis_error& e) {
      if (e.io()) lease.mark_broken();
      on_failure();  // an error reply (script refused, wrong type) is a failure of the limiter too
      return failed;
    } catch (const pool_timeout_error&) {
      failures_.fetch_add(1, std::memory_order_relaxed);
      return failed;  // every connection busy: let the request through rather than wait
    } catch (const std::exception&) {  // pool_connect_error and anything unexpected
      on_failure();
      return failed;
    }
  }
  on_failure();
  return failed;
}




void redis_rate_limiter::on_failure() {
  failures_.fetch_add(1, std::memory_order_relaxed);
  backoff_.on_failure();
}

std::string redis_rate_limiter::describe() const {
  const auto p = pool_->snapshot();
  std::string out = healthy() ? "buckets in Redis " : "Redis unreachable; checks fail open until it returns; ";
  out += url_.host + ":" + std::to_string(url_.port) + "; " + std::to_string(failures_.load()) + " failed checks, " +
         std::to_string(noscript_reloads_.load()) + " script reloads; pool " + std::to_string(p.in_use) + "/" +
         std::to_string(p.open) + " in use";
  return out;
}

}  // namespace ragbench::server
