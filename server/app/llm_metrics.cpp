// Registration of the LLM stream metrics (see llm_metrics.hpp). Buckets follow vLLM's choices
// for the same figures, extended below 1 ms for the pure-overhead settings (--llm-scale 0).
#include "server/app/llm_metrics.hpp"

namespace ragbench::server {
namespace {

std::vector<double> ttft_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4,
          0.5,    0.75,  1,      1.5,   2,    2.5,  5,    7.5,  10,   20,  40,   80};
}

std::vector<double> inter_event_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03,
          0.04,   0.05,    0.075,  0.1,   0.15,   0.2,   0.3,    0.4,  0.5,   0.75, 1,     2.5};
}

std::vector<double> queue_wait_buckets() {
  return {0.0001, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80};
}

}  // namespace

llm_route_metrics register_llm_metrics(metrics_registry& registry, const decode_scheduler& slots) {
  auto& ttft = registry.add_histogram("llm_time_to_first_token_seconds",
                                      "Admission to the first content event handed to the transport (streams)",
                                      {"route"}, ttft_buckets());
  auto& gap = registry.add_histogram("llm_inter_event_seconds",
                                     "Gap between consecutive content events of a stream (an event carries "
                                     "llm_tokens_per_event tokens)",
                                     {"route"}, inter_event_buckets());
  auto& tpot = registry.add_histogram("llm_time_per_output_token_seconds",
                                      "Per stream: (last content event - first) / (tokens - 1)", {"route"},
                                      inter_event_buckets());
  auto& wait = registry.add_histogram("llm_queue_wait_seconds", "Admission to a decode slot being granted",
                                      {"route"}, queue_wait_buckets());
  registry.add_callback_gauge("llm_decode_slots", "Configured decode slots (0 = unlimited)",
                              [&slots] { return static_cast<double>(slots.slots()); });
  registry.add_callback_gauge("llm_decode_slots_in_use", "Decode slots held by a generating request",
                              [&slots] { return static_cast<double>(slots.in_use()); });
  registry.add_callback_gauge("llm_queue_depth", "Requests waiting for a decode slot",
                              [&slots] { return static_cast<double>(slots.queued()); });
  registry.add_callback_counter("llm_queue_rejected_total", "Requests refused with 503 because the decode queue was full",
                                [&slots] { return static_cast<double>(slots.rejected()); });
  auto for_route = [&](const std::string& route) {
    return generation_metrics{&ttft.labels({route}), &gap.labels({route}), &tpot.labels({route}),
                              &wait.labels({route})};
  };
  return {for_route("/v1/chat"), for_route("/v1/chat/completions")};
}

}  // namespace ragbench::server
