#pragma once
// The body of POST /v1/chat/completions: the subset of OpenAI's Chat Completions request that
// ragserver honours, read strictly. Every failure is an openai_error naming the parameter
// ("messages[2].content") and what is wrong, with OpenAI's codes: missing_required_parameter,
// invalid_type, invalid_value, empty_array, unknown_parameter (400), model_not_found (404); a
// body that is not a JSON object is api_error 400 invalid_json (415 for a non-JSON type).
//
// Honoured: model, messages, max_tokens / max_completion_tokens, stream,
// stream_options.include_usage. Accepted and validated but without effect on the answer:
// temperature (0..2), top_p (0..1), n (only 1), seed, user, stop, presence_penalty and
// frequency_penalty (-2..2), logprobs (only false), stream_options.include_obfuscation.
// Anything else is rejected, as OpenAI does, so a typo is not silently ignored.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/message.hpp"
#include "server/rag/token_count.hpp"  // count_tokens, for usage.prompt_tokens

namespace ragbench::server {

struct chat_message {
  std::string role;     // system, developer, user or assistant
  std::string content;  // text; an array of text parts is joined with "\n"
};

struct chat_completion_request {
  std::string model;
  std::vector<chat_message> messages;
  std::optional<std::size_t> max_tokens;  // max_tokens or max_completion_tokens, 1..65536
  double temperature = 1.0;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage

  // The content of the last user message: what retrieval and the answer are about.
  const std::string& last_user_content() const;
};

// Largest max_tokens accepted (the simulator's answer length limit).
inline constexpr std::size_t k_max_completion_tokens = 65536;

// Reads and validates `req`'s body; `served_model` is the only model id accepted.
chat_completion_request parse_chat_completion(const request& req, std::string_view served_model);

}  // namespace ragbench::server
