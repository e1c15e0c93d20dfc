#pragma once
// The store options a contract test uses for strategy `name`: a temp data dir, and for postgres
// a fresh schema on the test binary's one PostgreSQL server (tests/support/postgres_server).
#include <chrono>
#include <string>

#include "server/store/store_factory.hpp"
#include "support/postgres_server.hpp"
#include "temp_dir.hpp"

namespace ragbench::test {

inline ragbench::server::store_options store_options_for(const std::string& name, const temp_dir& dir) {
  ragbench::server::store_options o{name, dir.path()};
  if (name == "postgres") {
    o.postgres_url = ragbench::testing::shared_postgres_server().create_schema();
    o.pool.max = 4;
    o.pool.acquire_timeout = std::chrono::seconds(5);
    o.pool.connect_timeout = std::chrono::seconds(5);
  }
  return o;
}

}  // namespace ragbench::test
