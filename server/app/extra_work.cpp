// The extra_work calibration setting: CPU burnt per request before routing.
#include "server/app/extra_work.hpp"

#include <time.h>

#include <utility>

namespace ragbench::server {
namespace {

std::chrono::nanoseconds thread_cpu_time() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

void burn_cpu(std::chrono::nanoseconds work) {
  if (work.count() <= 0) return;
  const auto until = thread_cpu_time() + work;
  volatile std::uint64_t sink = 0;  // keeps the loop from being optimised away
  while (thread_cpu_time() < until) {
    for (int i = 0; i < 64; ++i) sink = sink + static_cast<std::uint64_t>(i);
  }
}

handler_fn with_extra_work(handler_fn inner, std::chrono::nanoseconds work) {
  if (work.count() <= 0) return inner;
  return [inner = std::move(inner), work](request req, handler_context ctx, respond_fn respond) {
    burn_cpu(work);
    inner(std::move(req), std::move(ctx), std::move(respond));
  };
}

}  // namespace ragbench::server
