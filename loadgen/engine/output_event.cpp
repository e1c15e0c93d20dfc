// The output-event rule of streamed steps (see output_event.hpp).
#include "loadgen/engine/output_event.hpp"

#include "loadgen/engine/openai_chunk.hpp"

namespace ragbench::loadgen {

event_verdict judge_event(std::string_view token_event, std::string_view type, std::string_view data) {
  event_verdict v;
  if (data.empty() || data == "[DONE]") return v;
  const bool type_ok = token_event.empty() || type == token_event;
  const auto first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || data[first] != '{') {
    v.output = type_ok;
    return v;
  }
  const openai_chunk c = scan_openai_chunk(data);
  v.completion_tokens = c.completion_tokens;
  if (!c.valid) v.output = type_ok;  // not JSON after all: a non-empty data event
  else if (c.has_choices) v.output = type_ok && c.has_output;
  else v.output = type_ok && !c.has_usage;
  return v;
}

}  // namespace ragbench::loadgen
