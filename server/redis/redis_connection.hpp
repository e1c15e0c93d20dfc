#pragma once
// One synchronous Redis connection (hiredis 0.14) usable from a connection_pool: connect and
// command timeouts, AUTH/SELECT from the URL, single commands, pipelines, and a few typed helpers.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "server/pool/connection_pool.hpp"
#include "server/redis/redis_url.hpp"

struct redisContext;

namespace ragbench::server {

// A failed Redis operation. io() = the connection is unusable (timeout, reset, protocol error) and
// must be discarded (lease.mark_broken()); otherwise Redis answered with an error reply.
class redis_error : public std::runtime_error {
 public:
  redis_error(const std::string& what, bool io) : std::runtime_error(what), io_(io) {}
  bool io() const { return io_; }

 private:
  bool io_;
};

// One decoded reply (hiredis' redisReply copied into value types, freed at once).
struct redis_reply {
  enum class kind { nil, string, integer, status, error, array };
  kind type = kind::nil;
  std::string str;            // string, status and error replies
  long long integer = 0;      // integer replies
  std::vector<redis_reply> elements;  // array replies
};

// Not thread-safe (a pool gives each user exclusive use). Every call is one or more round trips,
// each bounded by the command timeout.
class redis_connection final : public pooled_connection {
 public:
  // Connects within `connect_timeout` (TCP), then AUTHs / SELECTs as the URL says. Throws
  // pool_connect_error with hiredis' or Redis' message on failure.
  redis_connection(const redis_url& url, std::chrono::milliseconds connect_timeout,
                   std::chrono::milliseconds command_timeout);
  ~redis_connection() override;
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  // PING within `timeout`; false (and broken()) when it fails.
  bool ping(std::chrono::milliseconds timeout) override;

  // One command (binary-safe arguments). Error replies are returned as kind::error; I/O failures
  // throw redis_error{io = true} and leave the connection broken().
  redis_reply command(const std::vector<std::string_view>& args);
  // Sends all commands, then reads all replies: one round trip (redisAppendCommandArgv +
  // redisGetReply). Replies in order; same error rules as command().
  std::vector<redis_reply> pipeline(const std::vector<std::vector<std::string_view>>& commands);

  // Typed helpers; an error reply throws redis_error{io = false}.
  std::optional<std::string> get(std::string_view key);          // GET (nullopt when missing)
  void set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl);  // SET PX
  long long incr(std::string_view key);                          // INCR
  bool del(std::string_view key);                                // DEL: true when it existed
  // PTTL: remaining time to live; -1 ms = no expiry, -2 ms = no such key.
  std::chrono::milliseconds pttl(std::string_view key);

  bool broken() const { return broken_; }
  // Free for the owner's book-keeping (redis_cache stores the failure epoch it was checked in).
  std::uint64_t tag = 0;

 private:
  [[noreturn]] void fail_io(const std::string& what);
  redis_reply expect(redis_reply reply, redis_reply::kind kind, std::string_view command);

  redisContext* context_ = nullptr;
  std::chrono::milliseconds command_timeout_;
  bool broken_ = false;
};

}  // namespace ragbench::server
