// accept_error_log: failures counted by reason, one log line per interval with the count since
// the last line (explicit time points, no clock).
#include "server/http/accept_errors.hpp"

#include <catch2/catch.hpp>

#include <cerrno>

using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {
boost::system::error_code errno_code(int e) { return {e, boost::system::system_category()}; }
}  // namespace

TEST_CASE("accept errors are classified and counted by reason", "[http][accept]") {
  CHECK(classify_accept_error(errno_code(EMFILE)) == accept_error_reason::emfile);
  CHECK(classify_accept_error(errno_code(ENFILE)) == accept_error_reason::enfile);
  CHECK(classify_accept_error(errno_code(ECONNABORTED)) == accept_error_reason::other);
  CHECK(to_string(accept_error_reason::emfile) == "emfile");
  accept_error_log log(10s);
  accept_error_log::clock::time_point t0{};
  log.record(errno_code(EMFILE), t0);
  log.record(errno_code(EMFILE), t0 + 1ms);
  log.record(errno_code(ENFILE), t0 + 2ms);
  CHECK(log.count(accept_error_reason::emfile) == 2);
  CHECK(log.count(accept_error_reason::enfile) == 1);
  CHECK(log.count(accept_error_reason::other) == 0);
}

TEST_CASE("accept errors are logged once per interval, with the count since the last line", "[http][accept]") {
  accept_error_log log(10s);
  accept_error_log::clock::time_point t0{};
  auto first = log.record(errno_code(EMFILE), t0);
  REQUIRE(first);
  CHECK_THAT(*first, Catch::Contains("Too many open files") && Catch::Contains("emfile") && Catch::Contains("1 time"));
  CHECK_THAT(*first, Catch::Contains("idle connections"));
  for (int i = 1; i <= 999; ++i) CHECK_FALSE(log.record(errno_code(EMFILE), t0 + i * 5ms));
  auto next = log.record(errno_code(EMFILE), t0 + 10s);
  REQUIRE(next);
  CHECK_THAT(*next, Catch::Contains("1000 times since the last report"));
  CHECK_FALSE(log.record(errno_code(ECONNABORTED), t0 + 15s));
  auto other = log.record(errno_code(ECONNABORTED), t0 + 20s);
  REQUIRE(other);
  CHECK_THAT(*other, Catch::Contains("(other)") && !Catch::Contains("idle connections"));
}
