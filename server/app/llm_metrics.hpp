#pragma once
// The simulated LLM's own stream figures on /metrics, so a load test can be cross-checked from the
// server's side (generation_stream.hpp says what each one measures):
//   llm_time_to_first_token_seconds{route}    histogram, streamed requests
//   llm_inter_event_seconds{route}            histogram, every gap between content events
//   llm_time_per_output_token_seconds{route}  histogram, one per stream with >= 2 tokens
//   llm_queue_wait_seconds{route}             histogram, every admitted request (0 when a slot was free)
//   llm_decode_slots                          gauge, configured slots (0 = unlimited)
//   llm_decode_slots_in_use                   gauge
//   llm_queue_depth                           gauge, requests waiting for a slot
//   llm_queue_rejected_total                  counter, requests refused with 503 (queue full)
// route is "/v1/chat" or "/v1/chat/completions".
#include "server/metrics/metrics_registry.hpp"
#include "server/pipeline/generation_stream.hpp"
#include "server/rag/decode_scheduler.hpp"

namespace ragbench::server {

struct llm_route_metrics {
  generation_metrics chat;              // /v1/chat
  generation_metrics chat_completions;  // /v1/chat/completions
};

// Registers the families above. `registry` and `slots` must outlive each other's use: the gauges
// read `slots` at render time.
llm_route_metrics register_llm_metrics(metrics_registry& registry, const decode_scheduler& slots);

}  // namespace ragbench::server
