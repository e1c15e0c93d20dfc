#pragma once
// What the streaming routes need to run a simulated generation: the decode slots, the clock the
// stream figures are measured with, and each route's histograms (generation_stream.hpp).
#include "common/clock.hpp"
#include "server/pipeline/generation_stream.hpp"
#include "server/rag/decode_scheduler.hpp"

namespace ragbench::server {

struct generation_services {
  decode_scheduler& slots;
  const clock_source& clock;
  generation_metrics chat;              // POST /v1/chat
  generation_metrics chat_completions;  // POST /v1/chat/completions
};

}  // namespace ragbench::server
