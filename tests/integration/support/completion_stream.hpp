#pragma once
// Checks a streamed Chat Completions answer (the data payloads of its SSE events) against
// OpenAI's format, whichever client received it: every payload but the last is a
// chat.completion.chunk JSON object of one id; the first carries delta.role; content deltas come
// before the finish chunk; with include_usage every chunk has "usage" (null but on the usage
// chunk, which has empty choices and comes after the finish chunk), without it none has;
// "[DONE]" is last. What it saw is returned with the list of violations.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ragbench::testing {

struct completion_stream {
  std::vector<std::string> problems;  // empty: the stream is well-formed
  std::string id;
  std::string content;                // the content deltas concatenated
  std::size_t content_events = 0;     // chunks with non-empty delta.content
  std::string finish_reason;
  std::optional<nlohmann::json> usage;  // from the usage chunk
};

completion_stream check_completion_stream(const std::vector<std::string>& payloads, bool include_usage);

}  // namespace ragbench::testing
