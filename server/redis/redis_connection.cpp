// redis_connection: hiredis' blocking API with timeouts; replies are copied out and freed at once.
#include "server/redis/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <memory>

namespace ragbench::server {
namespace {

timeval to_timeval(std::chrono::milliseconds d) {
  if (d.count() <= 0) d = std::chrono::milliseconds{1};
  return timeval{static_cast<time_t>(d.count() / 1000), static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

redis_reply decode(const redisReply* r) {
  redis_reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING: out.type = redis_reply::kind::string; break;
    case REDIS_REPLY_STATUS: out.type = redis_reply::kind::status; break;
    case REDIS_REPLY_ERROR: out.type = redis_reply::kind::error; break;
    case REDIS_REPLY_INTEGER: out.type = redis_reply::kind::integer; break;
    case REDIS_REPLY_ARRAY: out.type = redis_reply::kind::array; break;
    default: out.type = redis_reply::kind::nil; break;
  }
  if (r->str) out.str.assign(r->str, r->len);
  out.integer = r->integer;
  for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(decode(r->element[i]));
  return out;
}

struct reply_deleter {
  void operator()(void* r) const { freeReplyObject(r); }
};
using reply_ptr = std::unique_ptr<void, reply_deleter>;

}  // namespace

redis_connection::redis_connection(const redis_url& url, std::chrono::milliseconds connect_timeout,
                                   std::chrono::milliseconds command_timeout)
    : command_timeout_(command_timeout) {
  const std::string where = url.host + ":" + std::to_string(url.port);
  context_ = redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(connect_timeout));
  if (!context_) throw pool_connect_error("redis " + where + ": out of memory");
  if (context_->err) {
    std::string message = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw pool_connect_error("redis " + where + ": " + message);
  }
  try {
    if (redisSetTimeout(context_, to_timeval(command_timeout_)) != REDIS_OK) fail_io("cannot set timeout");
    auto check = [&](redis_reply reply, const char* what) {
      if (reply.type == redis_reply::kind::error) {
        throw pool_connect_error("redis " + where + ": " + what + " failed: " + reply.str);
      }
    };
    if (!url.password.empty()) {
      if (url.username.empty()) {
        check(command({"AUTH", url.password}), "AUTH");
      } else {
        check(command({"AUTH", url.username, url.password}), "AUTH");
      }
    }
    if (url.db != 0) check(command({"SELECT", std::to_string(url.db)}), "SELECT");
  } catch (const redis_error& e) {
    redisFree(context_);
    context_ = nullptr;
    throw pool_connect_error("redis " + where + ": " + e.what());
  } catch (...) {
    redisFree(context_);
    context_ = nullptr;
    throw;
  }
}

redis_connection::~redis_connection() {
  if (context_) redisFree(context_);
}

void redis_connection::fail_io(const std::string& what) {
  broken_ = true;
  std::string message = what;
  if (context_ && context_->err) message += std::string(": ") + context_->errstr;
  throw redis_error("redis: " + message, true);
}

bool redis_connection::ping(std::chrono::milliseconds timeout) {
  if (broken_) return false;
  try {
    redisSetTimeout(context_, to_timeval(timeout));
    auto reply = command({"PING"});
    redisSetTimeout(context_, to_timeval(command_timeout_));
    return reply.type == redis_reply::kind::status && reply.str == "PONG";
  } catch (const redis_error&) {
    return false;
  }
}

redis_reply redis_connection::command(const std::vector<std::string_view>& args) {
  return pipeline({args}).front();
}

std::vector<redis_reply> redis_connection::pipeline(
    const std::vector<std::vector<std::string_view>>& commands) {
  if (broken_) throw redis_error("redis: connection is broken", true);
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& args : commands) {
    argv.clear();
    lengths.clear();
    for (auto a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
        REDIS_OK) {
      fail_io("cannot queue command");
    }
  }
  std::vector<redis_reply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || !raw) fail_io("no reply");
    reply_ptr reply(raw);
    replies.push_back(decode(static_cast<const redisReply*>(raw)));
  }
  return replies;
}

redis_reply redis_connection::expect(redis_reply reply, redis_reply::kind kind, std::string_view command) {
  if (reply.type == redis_reply::kind::error) {
    throw redis_error("redis " + std::string(command) + ": " + reply.str, false);
  }
  if (reply.type != kind) {
    throw redis_error("redis " + std::string(command) + ": unexpected reply type", false);
  }
  return reply;
}

std::optional<std::string> redis_connection::get(std::string_view key) {
  auto reply = command({"GET", key});
  if (reply.type == redis_reply::kind::nil) return std::nullopt;
  return expect(std::move(reply), redis_reply::kind::string, "GET").str;
}

void redis_connection::set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  const std::string ms = std::to_string(ttl.count() > 0 ? ttl.count() : 1);
  expect(command({"SET", key, value, "PX", ms}), redis_reply::kind::status, "SET");
}

long long redis_connection::incr(std::string_view key) {
  return expect(command({"INCR", key}), redis_reply::kind::integer, "INCR").integer;
}

bool redis_connection::del(std::string_view key) {
  return expect(command({"DEL", key}), redis_reply::kind::integer, "DEL").integer > 0;
}

std::chrono::milliseconds redis_connection::pttl(std::string_view key) {
  return std::chrono::milliseconds(expect(command({"PTTL", key}), redis_reply::kind::integer, "PTTL").integer);
}

}  // namespace ragbench::server
