// check_completion_stream: one pass over the payloads with a small state machine
// (role -> content -> finish -> usage -> [DONE]).
#include "integration/support/completion_stream.hpp"

namespace ragbench::testing {

completion_stream check_completion_stream(const std::vector<std::string>& payloads, bool include_usage) {
  using nlohmann::json;
  completion_stream out;
  auto problem = [&](std::size_t i, const std::string& what) {
    out.problems.push_back("event " + std::to_string(i) + ": " + what);
  };
  if (payloads.empty() || payloads.back() != "[DONE]") problem(payloads.size(), "the stream does not end with [DONE]");
  bool finished = false;
  for (std::size_t i = 0; i + 1 < payloads.size(); ++i) {
    json c = json::parse(payloads[i], nullptr, false);
    if (!c.is_object()) {
      problem(i, "not a JSON object: " + payloads[i]);
      continue;
    }
    if (c.value("object", "") != "chat.completion.chunk") problem(i, "object is not chat.completion.chunk");
    if (i == 0) out.id = c.value("id", "");
    if (c.value("id", "") != out.id || out.id.rfind("chatcmpl-", 0) != 0) problem(i, "id differs or is malformed");
    if (!c.contains("created") || !c["created"].is_number_integer() || !c.contains("model")) {
      problem(i, "created or model missing");
    }
    if (include_usage != c.contains("usage")) problem(i, include_usage ? "no usage key" : "usage without include_usage");
    if (!c.contains("choices") || !c["choices"].is_array()) {
      problem(i, "no choices array");
      continue;
    }
    if (c["choices"].empty()) {  // the usage chunk
      if (!include_usage || !finished || out.usage) problem(i, "empty choices out of place");
      if (!c.contains("usage") || !c["usage"].is_object()) {
        problem(i, "empty choices without usage");
      } else {
        out.usage = c["usage"];
      }
      continue;
    }
    if (c.contains("usage") && !c["usage"].is_null()) problem(i, "usage not null on a chunk with choices");
    if (out.usage) problem(i, "a chunk after the usage chunk");
    const json& choice = c["choices"][0];
    if (c["choices"].size() != 1 || choice.value("index", -1) != 0) problem(i, "not exactly one choice of index 0");
    const json& delta = choice.contains("delta") ? choice["delta"] : json();
    if (!delta.is_object()) problem(i, "no delta object");
    if ((i == 0) != (delta.is_object() && delta.contains("role"))) problem(i, "role not on (only) the first chunk");
    if (i == 0 && delta.value("role", "") != "assistant") problem(i, "role is not assistant");
    if (delta.is_object() && delta.contains("content") && delta["content"].is_string()) {
      const std::string text = delta["content"].get<std::string>();
      if (!text.empty()) {
        if (finished) problem(i, "content after the finish chunk");
        out.content += text;
        ++out.content_events;
      }
    }
    if (choice.contains("finish_reason") && !choice["finish_reason"].is_null()) {
      if (finished) problem(i, "a second finish_reason");
      finished = true;
      out.finish_reason = choice["finish_reason"].get<std::string>();
    }
  }
  if (!finished) problem(payloads.size(), "no finish_reason");
  if (include_usage && !out.usage) problem(payloads.size(), "no usage chunk");
  return out;
}

}  // namespace ragbench::testing
