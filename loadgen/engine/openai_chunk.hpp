#pragma once
// What a load generator needs from one OpenAI-style streamed chunk (a `data:` payload such as
// {"object":"chat.completion.chunk","choices":[{"delta":{"content":"Hi"}}],...}), found by one bounded
// pass over the JSON text instead of a full parse into a DOM:
//   - whether it has a top-level "choices" array, and whether choices[0] carries output text:
//     delta.content or delta.reasoning_content a non-empty string (chat completions), or text a
//     non-empty string (legacy completions);
//   - whether it has a top-level "usage" object, and its completion_tokens (a non-negative integer).
// The scan validates the JSON grammar it walks (strings, escapes, numbers, literals, nesting up to
// 64 levels) and stops at the first error (valid = false). Keys are compared after unescaping.
// Cost: O(payload bytes), no allocation unless a key has escapes.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ragbench::loadgen {

struct openai_chunk {
  bool valid = false;         // the payload is one well-formed JSON object
  bool has_choices = false;   // a top-level "choices" array (possibly empty)
  bool has_output = false;    // choices[0]: delta.content / delta.reasoning_content / text non-empty
  bool has_usage = false;     // a top-level "usage" object (not null)
  std::optional<std::uint64_t> completion_tokens;  // usage.completion_tokens
};

// Scans `json` (which must start, after blanks, with '{').
openai_chunk scan_openai_chunk(std::string_view json);

}  // namespace ragbench::loadgen
