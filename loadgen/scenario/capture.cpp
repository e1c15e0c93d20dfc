// Capture extraction from responses: JSON path subset, headers, regex.
#include "loadgen/scenario/capture.hpp"

#include <cctype>
#include <regex>

namespace ragbench::loadgen {

std::optional<json_path> parse_json_path(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& what) -> std::optional<json_path> {
    if (error) *error = "bad JSON path '" + std::string(text) + "': " + what;
    return std::nullopt;
  };
  if (text.empty() || text[0] != '$') return fail("must start with '$'");
  json_path path;
  std::size_t i = 1;
  while (i < text.size()) {
    json_path::step st;
    if (text[i] == '.') {
      std::size_t j = ++i;
      while (j < text.size() && text[j] != '.' && text[j] != '[') ++j;
      if (j == i) return fail("empty key after '.'");
      st.key = std::string(text.substr(i, j - i));
      i = j;
    } else if (text[i] == '[') {
      auto close = text.find(']', i);
      if (close == std::string_view::npos) return fail("missing ']'");
      auto inner = text.substr(i + 1, close - i - 1);
      if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"') && inner.back() == inner.front()) {
        st.key = std::string(inner.substr(1, inner.size() - 2));
      } else {
        if (inner.empty()) return fail("empty index '[]'");
        st.is_index = true;
        for (char c : inner) {
          if (!std::isdigit(static_cast<unsigned char>(c))) return fail("index must be a non-negative integer or a quoted key");
          st.index = st.index * 10 + static_cast<std::size_t>(c - '0');
          if (st.index > 1'000'000'000) return fail("index too large");
        }
      }
      i = close + 1;
    } else {
      return fail("expected '.' or '[' at position " + std::to_string(i));
    }
    path.steps.push_back(std::move(st));
  }
  return path;
}

const nlohmann::json* find_json(const nlohmann::json& doc, const json_path& path) {
  const nlohmann::json* node = &doc;
  for (const auto& st : path.steps) {
    if (st.is_index) {
      if (!node->is_array() || st.index >= node->size()) return nullptr;
      node = &(*node)[st.index];
    } else {
      if (!node->is_object()) return nullptr;
      auto it = node->find(st.key);
      if (it == node->end()) return nullptr;
      node = &*it;
    }
  }
  return node;
}

std::optional<std::string> capture_json(const nlohmann::json& doc, std::string_view path_text) {
  auto path = parse_json_path(path_text);
  if (!path) return std::nullopt;
  const auto* node = find_json(doc, *path);
  if (!node) return std::nullopt;
  if (node->is_string()) return node->get<std::string>();
  return node->dump();
}

std::optional<std::string> capture_header(std::span<const header_field> headers, std::string_view name) {
  for (const auto& h : headers) {
    if (h.name.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(h.name[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    if (same) return std::string(h.value);
  }
  return std::nullopt;
}

std::optional<std::string> capture_regex(std::string_view body, std::string_view pattern) {
  std::regex re;
  try {
    re = std::regex(pattern.begin(), pattern.end());
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(body.begin(), body.end(), m, re)) return std::nullopt;
  return m.size() > 1 ? m[1].str() : m[0].str();
}

std::vector<std::string> apply_captures(const request_spec& spec, std::span<const header_field> headers,
                                        std::string_view body, std::vector<std::string>& captures) {
  std::vector<std::string> missing;
  nlohmann::json doc;
  bool parsed = false;
  for (const auto& c : spec.captures) {
    std::optional<std::string> value;
    switch (c.kind) {
      case capture_kind::json_path:
        if (!parsed) {
          doc = nlohmann::json::parse(body, nullptr, false);
          parsed = true;
        }
        if (!doc.is_discarded()) value = capture_json(doc, c.expression);
        break;
      case capture_kind::header: value = capture_header(headers, c.expression); break;
      case capture_kind::regex: value = capture_regex(body, c.expression); break;
    }
    if (c.slot >= captures.size()) captures.resize(c.slot + 1);
    if (value) captures[c.slot] = std::move(*value);
    else missing.push_back(c.variable);
  }
  return missing;
}

}  // namespace ragbench::loadgen
