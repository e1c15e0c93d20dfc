#pragma once
// The JSON and Server-Sent Events text of OpenAI's Chat Completions responses, for one
// completion. A streamed answer is, in order:
//   data: {"id":"chatcmpl-…","object":"chat.completion.chunk","created":…,"model":"…","choices":
//          [{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}
//   data: {… "choices":[{"index":0,"delta":{"content":" text"},"logprobs":null,"finish_reason":null}]}  (each event)
//   data: {… "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"|"length"}]}
//   data: {… "choices":[],"usage":{"prompt_tokens":…,"completion_tokens":…,"total_tokens":…}}   (include_usage only)
//   data: [DONE]
// With include_usage every other chunk carries "usage":null, as OpenAI documents. The fixed parts
// of a chunk are built once per completion; a content chunk costs one escape of its text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ragbench::server {

struct completion_usage {
  std::size_t prompt_tokens = 0;
  std::size_t completion_tokens = 0;
};

class chat_completion_format {
 public:
  // `model` must be valid UTF-8 (it is a configured name); id is "chatcmpl-…".
  chat_completion_format(std::string id, std::int64_t created_unix, std::string_view model, bool include_usage);

  // Each returns one SSE event: "data: {json}\n\n". Texts must be valid UTF-8.
  std::string role_chunk() const;
  std::string content_chunk(std::string_view text) const;
  std::string finish_chunk(std::string_view finish_reason) const;
  std::string usage_chunk(const completion_usage& usage) const;
  static std::string_view done_event() { return "data: [DONE]\n\n"; }

  // The non-streamed chat.completion object (JSON text, no SSE framing).
  std::string completion(std::string_view content, std::string_view finish_reason, const completion_usage& usage) const;

  const std::string& id() const { return id_; }
  bool include_usage() const { return include_usage_; }

 private:
  std::string chunk(std::string_view choice_body) const;

  std::string id_;
  std::string common_;  // "id":"…","created":…,"model":"…"  (without braces)
  bool include_usage_;
};

}  // namespace ragbench::server
