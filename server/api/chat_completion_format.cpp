// Hand-built JSON for the chat completion responses: the per-event path appends the fixed parts
// and one escaped string, with no DOM.
#include "server/api/chat_completion_format.hpp"

#include "common/json_text.hpp"

namespace ragbench::server {
namespace {

void append_usage(std::string& out, const completion_usage& u) {
  out.append("\"usage\":{\"prompt_tokens\":").append(std::to_string(u.prompt_tokens));
  out.append(",\"completion_tokens\":").append(std::to_string(u.completion_tokens));
  out.append(",\"total_tokens\":").append(std::to_string(u.prompt_tokens + u.completion_tokens)).append("}");
}

}  // namespace

chat_completion_format::chat_completion_format(std::string id, std::int64_t created_unix, std::string_view model,
                                               bool include_usage)
    : id_(std::move(id)), include_usage_(include_usage) {
  common_.append("\"id\":");
  append_json_string(common_, id_);
  common_.append(",\"object\":\"chat.completion.chunk\",\"created\":").append(std::to_string(created_unix));
  common_.append(",\"model\":");
  append_json_string(common_, model);
}

std::string chat_completion_format::chunk(std::string_view choice_body) const {
  std::string out;
  out.reserve(common_.size() + choice_body.size() + 96);
  out.append("data: {").append(common_).append(",\"choices\":[{\"index\":0,").append(choice_body);
  out.append(",\"logprobs\":null,\"finish_reason\":");
  return out;
}

std::string chat_completion_format::role_chunk() const {
  std::string out = chunk(R"("delta":{"role":"assistant","content":""})");
  out.append(include_usage_ ? "null}],\"usage\":null}\n\n" : "null}]}\n\n");
  return out;
}

std::string chat_completion_format::content_chunk(std::string_view text) const {
  std::string body;
  body.reserve(text.size() + 24);
  body.append("\"delta\":{\"content\":");
  append_json_string(body, text);
  body.push_back('}');
  std::string out = chunk(body);
  out.append(include_usage_ ? "null}],\"usage\":null}\n\n" : "null}]}\n\n");
  return out;
}

std::string chat_completion_format::finish_chunk(std::string_view finish_reason) const {
  std::string out = chunk("\"delta\":{}");
  append_json_string(out, finish_reason);
  out.append(include_usage_ ? "}],\"usage\":null}\n\n" : "}]}\n\n");
  return out;
}

std::string chat_completion_format::usage_chunk(const completion_usage& usage) const {
  std::string out;
  out.append("data: {").append(common_).append(",\"choices\":[],");
  append_usage(out, usage);
  out.append("}\n\n");
  return out;
}

std::string chat_completion_format::completion(std::string_view content, std::string_view finish_reason,
                                               const completion_usage& usage) const {
  std::string out;
  out.reserve(content.size() + common_.size() + 256);
  out.append("{\"id\":");
  append_json_string(out, id_);
  // common_ holds "object":"chat.completion.chunk"; the whole object differs only there.
  const std::string_view rest = std::string_view(common_).substr(common_.find(",\"created\""));
  out.append(",\"object\":\"chat.completion\"").append(rest);
  out.append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
  append_json_string(out, content);
  out.append(",\"refusal\":null},\"logprobs\":null,\"finish_reason\":");
  append_json_string(out, finish_reason);
  out.append("}],");
  append_usage(out, usage);
  out.push_back('}');
  return out;
}

}  // namespace ragbench::server
