#include "integration/support/server_setups.hpp"

#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"

namespace ragbench::testing {
namespace {

redis_server& shared_redis() {
  static redis_server server;
  return server;
}

// A flushed Redis: servers of earlier configurations must not answer this one's queries.
std::string fresh_redis_url() {
  auto& redis = shared_redis();
  redis.command("FLUSHALL");
  return redis.url();
}

server_setup postgres_setup(const std::string& pool) {
  return {"postgres store, " + pool + " pool", "postgres", "lru", "lru", [pool] {
            return std::vector<std::string>{"--store", "postgres", "--postgres-url",
                                            shared_postgres_server().create_schema(), "--pool", pool,
                                            "--pool-max", "4", "--pool-timeout", "5s"};
          }};
}

std::vector<server_setup> build_setups() {
  std::vector<server_setup> s;
  s.push_back({"embedded default (sqlite, lru, hnsw)", "sqlite", "lru", "lru", [] { return std::vector<std::string>{}; }});
  s.push_back({"memory store, no cache, flat index", "memory", "none", "miss",
               [] { return std::vector<std::string>{"--store", "memory", "--cache", "none", "--index", "flat"}; }});
  s.push_back({"semantic cache", "sqlite", "semantic", "semantic",
               [] { return std::vector<std::string>{"--cache", "semantic"}; }});
  s.push_back({"redis cache", "sqlite", "redis", "redis",
               [] { return std::vector<std::string>{"--cache", "redis", "--redis-url", fresh_redis_url()}; }});
  s.push_back({"tiered cache lru,redis,semantic", "sqlite", "tiered", "lru", [] {
                 return std::vector<std::string>{"--cache", "lru,redis,semantic", "--redis-url", fresh_redis_url()};
               }});
  for (const char* pool : {"fixed", "elastic", "none"}) s.push_back(postgres_setup(pool));
  return s;
}

}  // namespace

const std::vector<server_setup>& server_setups() {
  static const std::vector<server_setup> setups = build_setups();
  return setups;
}

}  // namespace ragbench::testing
