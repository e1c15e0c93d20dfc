// Strict reading of a Chat Completions request (see chat_completion_request.hpp). Messages follow
// OpenAI's wording: "Invalid type for 'max_tokens': expected an integer, but got a string instead."
#include "server/api/chat_completion_request.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "server/api/json_body.hpp"
#include "server/api/openai_error.hpp"

namespace ragbench::server {
namespace {

using nlohmann::json;

[[noreturn]] void fail(std::string code, const std::string& param, const std::string& message) {
  throw openai_error(400, std::move(code), param, message);
}

std::string kind_of(const json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer()) return "an integer";
  if (v.is_number()) return "a decimal";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

[[noreturn]] void wrong_type(const std::string& param, const std::string& expected, const json& got) {
  fail("invalid_type", param,
       "Invalid type for '" + param + "': expected " + expected + ", but got " + kind_of(got) + " instead.");
}

// nullptr when absent or null.
const json* member(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> number_in(const json& obj, const std::string& key, double min, double max) {
  const json* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) wrong_type(key, "a number", *v);
  const double x = v->get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    fail("invalid_value", key,
         "Invalid '" + key + "': expected a value from " + json(min).dump() + " to " + json(max).dump() +
             ", but got " + v->dump() + " instead.");
  }
  return x;
}

std::optional<std::int64_t> integer_in(const json& obj, const std::string& key, std::int64_t min, std::int64_t max) {
  const json* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) wrong_type(key, "an integer", *v);
  const bool too_big = v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max);
  const std::int64_t x = too_big ? max : v->get<std::int64_t>();
  if (too_big || x < min || x > max) {
    fail("invalid_value", key,
         "Invalid '" + key + "': expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
             ", but got " + v->dump() + " instead.");
  }
  return x;
}

// `prefix` names the enclosing object in messages ("stream_options.").
std::optional<bool> boolean(const json& obj, const std::string& key, const std::string& prefix = "") {
  const json* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) wrong_type(prefix + key, "a boolean", *v);
  return v->get<bool>();
}

void only_known(const json& obj, const std::string& prefix, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail("unknown_parameter", prefix + key, "Unrecognized request argument supplied: " + prefix + key);
    }
  }
}

// A message's content: a string, or an array of {"type":"text","text":"..."} parts joined by "\n".
std::string read_content(const json& v, const std::string& param) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) wrong_type(param, "a string or an array of content parts", v);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string part = param + "[" + std::to_string(i) + "]";
    if (!v[i].is_object()) wrong_type(part, "an object", v[i]);
    only_known(v[i], part + ".", {"type", "text"});
    const json* type = member(v[i], "type");
    if (!type || !type->is_string() || *type != "text") {
      fail("invalid_value", part + ".type", "Invalid '" + part + ".type': only \"text\" content parts are supported.");
    }
    const json* text = member(v[i], "text");
    if (!text) fail("missing_required_parameter", part + ".text", "Missing required parameter: '" + part + ".text'.");
    if (!text->is_string()) wrong_type(part + ".text", "a string", *text);
    if (i > 0) out += '\n';
    out += text->get<std::string>();
  }
  return out;
}

std::vector<chat_message> read_messages(const json& body) {
  const json* list = member(body, "messages");
  if (!list) fail("missing_required_parameter", "messages", "Missing required parameter: 'messages'.");
  if (!list->is_array()) wrong_type("messages", "an array", *list);
  if (list->empty()) {
    fail("empty_array", "messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
  }
  constexpr std::array<std::string_view, 4> roles = {"system", "developer", "user", "assistant"};
  std::vector<chat_message> out;
  out.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "messages[" + std::to_string(i) + "]";
    const json& m = (*list)[i];
    if (!m.is_object()) wrong_type(at, "an object", m);
    only_known(m, at + ".", {"role", "content", "name"});
    const json* role = member(m, "role");
    if (!role) fail("missing_required_parameter", at + ".role", "Missing required parameter: '" + at + ".role'.");
    if (!role->is_string()) wrong_type(at + ".role", "a string", *role);
    chat_message msg;
    msg.role = role->get<std::string>();
    if (std::find(roles.begin(), roles.end(), msg.role) == roles.end()) {
      fail("invalid_value", at + ".role",
           "Invalid value: '" + msg.role + "'. Supported values are: 'system', 'developer', 'user' and 'assistant'.");
    }
    if (const json* name = member(m, "name"); name && !name->is_string()) wrong_type(at + ".name", "a string", *name);
    if (const json* content = member(m, "content")) {
      msg.content = read_content(*content, at + ".content");
    } else if (msg.role != "assistant") {
      fail("missing_required_parameter", at + ".content", "Missing required parameter: '" + at + ".content'.");
    }
    out.push_back(std::move(msg));
  }
  auto last_user = std::find_if(out.rbegin(), out.rend(), [](const chat_message& m) { return m.role == "user"; });
  if (last_user == out.rend()) {
    fail("invalid_value", "messages", "Invalid 'messages': at least one message with role 'user' is required.");
  }
  if (count_tokens(last_user->content) == 0) {
    const std::string at = "messages[" + std::to_string(out.rend() - last_user - 1) + "].content";
    fail("invalid_value", at, "Invalid '" + at + "': the last user message must not be empty.");
  }
  return out;
}

void check_ignored_parameters(const json& body) {
  number_in(body, "top_p", 0, 1);
  number_in(body, "presence_penalty", -2, 2);
  number_in(body, "frequency_penalty", -2, 2);
  integer_in(body, "seed", INT64_MIN, INT64_MAX);
  if (auto n = integer_in(body, "n", 1, 128); n && *n != 1) {
    fail("invalid_value", "n", "Invalid 'n': this server returns one choice; n must be 1.");
  }
  if (boolean(body, "logprobs").value_or(false)) {
    fail("invalid_value", "logprobs", "Invalid 'logprobs': log probabilities are not supported.");
  }
  if (const json* user = member(body, "user"); user && !user->is_string()) wrong_type("user", "a string", *user);
  if (const json* stop = member(body, "stop")) {
    bool ok = stop->is_string() || (stop->is_array() && stop->size() <= 4 &&
                                    std::all_of(stop->begin(), stop->end(), [](const json& s) { return s.is_string(); }));
    if (!ok) wrong_type("stop", "a string or an array of up to 4 strings", *stop);
  }
}

}  // namespace

const std::string& chat_completion_request::last_user_content() const {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->role == "user") return it->content;
  }
  static const std::string none;
  return none;  // unreachable for a parsed request: parsing requires a user message
}

chat_completion_request parse_chat_completion(const request& req, std::string_view served_model) {
  const json body = parse_json_object(req);
  only_known(body, "", {"model", "messages", "max_tokens", "max_completion_tokens", "temperature", "stream",
                        "stream_options", "top_p", "n", "seed", "user", "stop", "presence_penalty",
                        "frequency_penalty", "logprobs"});
  chat_completion_request out;
  const json* model = member(body, "model");
  if (!model) fail("missing_required_parameter", "model", "Missing required parameter: 'model'.");
  if (!model->is_string()) wrong_type("model", "a string", *model);
  out.model = model->get<std::string>();
  out.messages = read_messages(body);

  const auto max_tokens = integer_in(body, "max_tokens", 1, k_max_completion_tokens);
  const auto max_completion = integer_in(body, "max_completion_tokens", 1, k_max_completion_tokens);
  if (max_tokens && max_completion && *max_tokens != *max_completion) {
    fail("invalid_value", "max_tokens", "Give 'max_tokens' or 'max_completion_tokens', not two different values.");
  }
  if (auto m = max_completion ? max_completion : max_tokens) out.max_tokens = static_cast<std::size_t>(*m);
  out.temperature = number_in(body, "temperature", 0, 2).value_or(1.0);
  out.stream = boolean(body, "stream").value_or(false);
  if (const json* options = member(body, "stream_options")) {
    if (!out.stream) {
      fail("invalid_value", "stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
    if (!options->is_object()) wrong_type("stream_options", "an object", *options);
    only_known(*options, "stream_options.", {"include_usage", "include_obfuscation"});
    out.include_usage = boolean(*options, "include_usage", "stream_options.").value_or(false);
    boolean(*options, "include_obfuscation", "stream_options.");
  }
  check_ignored_parameters(body);

  if (out.model != served_model) {
    throw openai_error(404, "model_not_found", "model",
                       "The model '" + out.model + "' does not exist; this server serves '" + std::string(served_model) +
                           "' (GET /v1/models).");
  }
  return out;
}

}  // namespace ragbench::server
