// The pre-load checks of a YAML text: UTF-8, unclosed quotes, duplicate keys, alias expansion bound.
#include "loadgen/scenario/yaml_guard.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace ragbench::loadgen {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Where the quote opening the scalar reported at `pos` is (after any &anchor and !tag), or npos for a
// scalar that is not quoted.
std::size_t opening_quote(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (blank(c)) {
      ++pos;
    } else if (c == '&' || c == '!') {
      while (pos < text.size() && !blank(text[pos])) ++pos;
    } else {
      return c == '"' || c == '\'' ? pos : npos;
    }
  }
  return npos;
}

// True when the quoted scalar opening at `q` is closed: "..." with backslash escapes, '...' with ''.
bool quote_closed(std::string_view text, std::size_t q) {
  const char quote = text[q];
  for (std::size_t i = q + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
      else return true;
    }
  }
  return false;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

struct alias_bound_exceeded {};

// Sizes of nodes as they complete (a collection: 1 + its children; an alias: its anchor's size),
// keys of each open mapping, and the quoted scalars' closing quotes.
class guard_handler final : public YAML::EventHandler {
 public:
  guard_handler(std::string_view text, std::size_t text_offset, std::size_t max_alias_nodes,
                std::vector<yaml_problem>& problems)
      : text_(text), offset_(text_offset), max_alias_nodes_(max_alias_nodes), problems_(problems) {}

  bool saw_document() const { return document_; }

  void OnDocumentStart(const YAML::Mark&) override { document_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { complete(1, anchor, nullptr, mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::uint64_t size = anchor < anchor_sizes_.size() ? anchor_sizes_[anchor] : 1;
    alias_nodes_ = saturating_add(alias_nodes_, size);
    if (alias_nodes_ > max_alias_nodes_) {
      problems_.push_back({mark.line + 1, "aliases expand this document to more than " +
                                              std::to_string(max_alias_nodes_) +
                                              " nodes (the bound on alias expansion); write the data out "
                                              "or use fewer nested aliases"});
      throw alias_bound_exceeded{};
    }
    complete(size, 0, nullptr, mark);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (tag != "?") check_quote(mark);
    complete(1, anchor, &value, mark);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back({false, anchor});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open_.push_back({true, anchor});
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    bool map = false;
    YAML::anchor_t anchor = 0;
    std::uint64_t size = 1;
    bool at_key = true;
    std::map<std::string, int> keys;  // scalar key -> 1-based line
  };

  void close() {
    frame f = std::move(open_.back());
    open_.pop_back();
    complete(f.size, f.anchor, nullptr, YAML::Mark::null_mark());
  }

  // A node of `size` nodes is complete; `scalar` is its text when it is a scalar.
  void complete(std::uint64_t size, YAML::anchor_t anchor, const std::string* scalar, const YAML::Mark& mark) {
    if (anchor != 0) {
      if (anchor_sizes_.size() <= anchor) anchor_sizes_.resize(anchor + 1, 1);
      anchor_sizes_[anchor] = size;
    }
    if (open_.empty()) return;
    frame& parent = open_.back();
    parent.size = saturating_add(parent.size, size);
    if (!parent.map) return;
    if (parent.at_key && scalar) {
      const int line = mark.line + 1;
      auto [it, fresh] = parent.keys.emplace(*scalar, line);
      if (!fresh)
        problems_.push_back({line, "duplicate key '" + *scalar + "' (first given at line " +
                                       std::to_string(it->second) + "); each key may appear once in a mapping"});
    }
    parent.at_key = !parent.at_key;
  }

  void check_quote(const YAML::Mark& mark) {
    if (mark.pos < 0) return;
    const std::size_t q = opening_quote(text_, offset_ + static_cast<std::size_t>(mark.pos));
    if (q == npos || quote_closed(text_, q)) return;
    problems_.push_back({mark.line + 1, std::string("a ") + (text_[q] == '"' ? "double" : "single") +
                                            "-quoted string starts here and is not closed before the end of "
                                            "the file (missing " + text_[q] + ")"});
  }

  std::string_view text_;
  std::size_t offset_;
  std::size_t max_alias_nodes_;
  std::vector<yaml_problem>& problems_;
  std::vector<frame> open_;
  std::vector<std::uint64_t> anchor_sizes_;
  std::uint64_t alias_nodes_ = 0;
  bool document_ = false;
};

int line_of(std::string_view text, std::size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return npos;
}

yaml_check_result check_yaml_text(std::string_view text, std::size_t max_alias_nodes) {
  yaml_check_result result;
  if (const std::size_t bad = first_invalid_utf8(text); bad != npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const std::size_t column = bad - (line_start == npos || bad == 0 ? 0 : line_start + 1) + 1;
    result.problems.push_back({line_of(text, bad), std::string("not valid UTF-8 (byte ") + byte + " at column " +
                                                       std::to_string(column) + "); YAML files must be UTF-8 text"});
    return result;
  }
  // yaml-cpp skips a UTF-8 byte order mark and counts positions after it.
  const std::size_t offset = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  guard_handler handler(text, offset, max_alias_nodes, result.problems);
  try {
    parser.HandleNextDocument(handler);
  } catch (const alias_bound_exceeded&) {
  } catch (const YAML::Exception& e) {
    result.problems.push_back({e.mark.line + 1, "YAML syntax error: " + e.msg});
  }
  result.has_document = handler.saw_document();
  return result;
}

}  // namespace ragbench::loadgen
