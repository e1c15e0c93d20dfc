// The extra_work calibration setting: the handler wrapper burns the CPU time asked for, then routes.
#include <time.h>

#include <catch2/catch.hpp>

#include "server/app/extra_work.hpp"

using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

std::chrono::nanoseconds thread_cpu() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

TEST_CASE("with_extra_work burns at least the CPU time asked for before the inner handler runs", "[app][extra_work]") {
  int calls = 0;
  std::chrono::nanoseconds used_before_inner{0};
  const auto start = thread_cpu();
  handler_fn inner = [&](request, handler_context, respond_fn respond) {
    ++calls;
    used_before_inner = thread_cpu() - start;
    respond(response{});
  };
  int responses = 0;
  with_extra_work(inner, 3ms)(request{}, handler_context{}, [&](response) { ++responses; });
  CHECK(calls == 1);
  CHECK(responses == 1);
  CHECK(used_before_inner >= 3ms);  // guaranteed by construction: it spins until the thread CPU clock says so
}

TEST_CASE("extra_work 0 leaves the handler as it is", "[app][extra_work]") {
  int calls = 0;
  handler_fn inner = [&](request, handler_context, respond_fn) { ++calls; };
  const handler_fn same = with_extra_work(inner, 0ns);
  same(request{}, handler_context{}, [](response) {});
  CHECK(calls == 1);
  burn_cpu(0ns);  // return at once; nothing to assert about time in a unit test beyond not hanging
  burn_cpu(-5ms);
}
