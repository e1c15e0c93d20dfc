#pragma once
// A known, adjustable slowdown for calibrating regression gates (bench/gate_calibration.sh): the
// `extra_work` setting makes every request burn that much CPU on its I/O thread before it is routed,
// as a slower build would. Not for production use; 0 (the default) leaves the handler untouched.
#include <chrono>

#include "server/http/message.hpp"

namespace ragbench::server {

// Busy-spins until the calling thread has used `work` more CPU time (CLOCK_THREAD_CPUTIME_ID), so the
// work is real CPU work: on a contended core it takes longer in wall time, like real code would.
// Thread-safe (touches only the calling thread's clock). Returns immediately for work <= 0.
void burn_cpu(std::chrono::nanoseconds work);

// `inner` when work is 0; else a handler that calls burn_cpu(work) and then `inner`.
handler_fn with_extra_work(handler_fn inner, std::chrono::nanoseconds work);

}  // namespace ragbench::server
