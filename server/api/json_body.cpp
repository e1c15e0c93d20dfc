// Strict JSON body reading for the routes (see json_body.hpp).
#include "server/api/json_body.hpp"

#include <charconv>

#include "common/json_text.hpp"
#include "server/api/api_error.hpp"

namespace ragbench::server {
namespace {

std::string field_label(std::string_view field) { return "field \"" + std::string(field) + "\""; }

const char* type_name(const nlohmann::json& v) { return v.type_name(); }

}  // namespace

nlohmann::json parse_json_object(const request& req) {
  if (auto type = req.header("content-type")) {
    std::string_view t = *type;
    if (t.substr(0, t.find(';')).find("json") == std::string_view::npos) {
      throw api_error(415, "unsupported_media_type",
                      "this route takes application/json, got " + std::string(t.substr(0, t.find(';'))));
    }
  }
  if (req.body.empty()) throw api_error(400, "invalid_json", "request body is empty; expected a JSON object");
  // Before parsing: nlohmann's parser is iterative, but dump() and comparisons recurse, and a
  // body nested tens of thousands deep overflows the stack.
  if (json_nesting_exceeds(req.body, json_max_depth)) {
    throw api_error(400, "too_deep",
                    "request body nests objects and arrays deeper than " + std::to_string(json_max_depth) + " levels");
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    throw api_error(400, "invalid_json",
                    "request body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {  // 406: a number past the range of a double
    throw api_error(400, "invalid_json", "request body is not valid JSON: a number is too large to represent");
  }
  if (!doc.is_object()) {
    throw api_error(400, "invalid_json", std::string("request body must be a JSON object, got ") + type_name(doc));
  }
  return doc;
}

void reject_unknown_fields(const nlohmann::json& obj, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : obj.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (auto a : allowed) list.append(list.empty() ? "" : ", ").append(a);
      throw api_error(400, "unknown_field", "unknown " + field_label(key) + "; allowed: " + list);
    }
  }
}

std::string require_string(const nlohmann::json& obj, std::string_view field, std::size_t min_len,
                           std::size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) throw api_error(400, "missing_field", field_label(field) + " is required");
  if (!it->is_string()) {
    throw api_error(400, "invalid_field", field_label(field) + " must be a string, got " + type_name(*it));
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() < min_len || s.size() > max_len) {
    throw api_error(400, "invalid_field",
                    field_label(field) + " must be " + std::to_string(min_len) + " to " + std::to_string(max_len) +
                        " characters long, got " + std::to_string(s.size()));
  }
  return s;
}

std::optional<std::string> optional_string(const nlohmann::json& obj, std::string_view field,
                                           std::size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  return require_string(obj, field, 0, max_len);
}

std::int64_t optional_int(const nlohmann::json& obj, std::string_view field, std::int64_t min,
                          std::int64_t max, std::int64_t fallback) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return fallback;
  std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!it->is_number_integer()) {
    throw api_error(400, "invalid_field", field_label(field) + " must be " + range + ", got " + type_name(*it));
  }
  std::int64_t v = it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max)
                       ? max + 1
                       : it->get<std::int64_t>();
  if (v < min || v > max) {
    throw api_error(400, "invalid_field", field_label(field) + " must be " + range + ", got " + it->dump());
  }
  return v;
}

bool optional_bool(const nlohmann::json& obj, std::string_view field, bool fallback) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    throw api_error(400, "invalid_field", field_label(field) + " must be true or false, got " + type_name(*it));
  }
  return it->get<bool>();
}

std::uint64_t parse_id(std::string_view text, std::string_view what) {
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id == 0) {
    throw api_error(404, "not_found", std::string(what) + " \"" + std::string(text) + "\" does not exist");
  }
  return id;
}

}  // namespace ragbench::server
