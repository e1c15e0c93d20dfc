#pragma once
// Which events of a text/event-stream are output (the tokens a user sees), and the token count a
// stream's usage frame reports. The rule, for each dispatched event:
//   1. with a `token_event` name set on the step, only events of that type can be output
//      (ragserver's /v1/chat: `event: token`; its `start` and `done` events are not output);
//   2. empty data and `[DONE]` are never output;
//   3. data that is a JSON object is scanned once (openai_chunk.hpp): an OpenAI-style chunk (a
//      top-level "choices" array) is output only when choices[0] carries text (delta.content,
//      delta.reasoning_content or text non-empty), so role-only and finish chunks are not; an
//      object with "usage" and no "choices" is a usage frame, not output; any other object is;
//   4. any other non-empty data is output.
// A "usage" object's completion_tokens, in any event, is the stream's token count.
// Cost: a comparison or two per event, plus one bounded JSON scan when the data starts with '{'.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ragbench::loadgen {

struct event_verdict {
  bool output = false;
  std::optional<std::uint64_t> completion_tokens;  // from a usage object in this event
};

// `token_event`: the step's event type filter ("" = any type).
event_verdict judge_event(std::string_view token_event, std::string_view type, std::string_view data);

}  // namespace ragbench::loadgen
