// One pass over an OpenAI-style chunk: a small validating JSON walker that looks only at the
// members it needs (choices[0].delta.content, ..., usage.completion_tokens) and skips the rest.
#include "loadgen/engine/openai_chunk.hpp"

#include <charconv>
#include <string>

namespace ragbench::loadgen {
namespace {

constexpr int max_depth = 64;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

class walker {
 public:
  explicit walker(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool ok() const { return ok_; }
  bool at_end() {
    blanks();
    return p_ == end_;
  }
  bool peek(char c) {
    blanks();
    return p_ < end_ && *p_ == c;
  }
  bool take(char c) {
    if (!peek(c)) return false;
    ++p_;
    return true;
  }
  bool fail() { return ok_ = false; }
  bool peek_number() {
    blanks();
    return p_ < end_ && (*p_ == '-' || (*p_ >= '0' && *p_ <= '9'));
  }

  // A string token; `raw` is its text between the quotes, escapes not decoded.
  bool string(std::string_view& raw, bool& escaped) {
    if (!take('"')) return fail();
    const char* start = p_;
    escaped = false;
    while (p_ < end_ && *p_ != '"') {
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c < 0x20) return fail();
      if (c == '\\') {
        escaped = true;
        if (++p_ == end_) return fail();
        if (*p_ == 'u') {
          for (int i = 0; i < 4; ++i)
            if (++p_ == end_ || !is_hex(*p_)) return fail();
        } else if (std::string_view("\"\\/bfnrt").find(*p_) == std::string_view::npos) {
          return fail();
        }
      }
      ++p_;
    }
    if (p_ == end_) return fail();
    raw = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  // A key compared with `name`: raw bytes, or decoded when the key has escapes (rare).
  static bool key_is(std::string_view raw, bool escaped, std::string_view name) {
    if (!escaped) return raw == name;
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out.push_back(raw[i]);
        continue;
      }
      const char e = raw[++i];
      if (e == 'u') {
        unsigned v = 0;
        std::from_chars(raw.data() + i + 1, raw.data() + i + 5, v, 16);
        i += 4;
        if (v >= 0x80) return false;  // the names looked for are ASCII
        out.push_back(static_cast<char>(v));
      } else {
        out.push_back(e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
      }
    }
    return out == name;
  }

  // Skips any value; `depth` counts enclosing containers.
  bool skip(int depth) {
    blanks();
    if (p_ == end_ || depth > max_depth) return fail();
    const char c = *p_;
    if (c == '"') {
      std::string_view raw;
      bool esc = false;
      return string(raw, esc);
    }
    if (c == '{') return members([&](std::string_view, bool) { return skip(depth + 1); });
    if (c == '[') {
      ++p_;
      if (take(']')) return true;
      do {
        if (!skip(depth + 1)) return false;
      } while (take(','));
      return take(']') || fail();
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(nullptr);
    for (std::string_view lit : {"true", "false", "null"}) {
      if (static_cast<std::size_t>(end_ - p_) >= lit.size() && std::string_view(p_, lit.size()) == lit) {
        p_ += lit.size();
        return true;
      }
    }
    return fail();
  }

  // An object: calls on_member(raw_key, escaped) positioned at each value, which must consume it.
  template <class F>
  bool members(F&& on_member) {
    if (!take('{')) return fail();
    if (take('}')) return true;
    do {
      std::string_view key;
      bool escaped = false;
      if (!string(key, escaped) || !take(':')) return fail();
      if (!on_member(key, escaped)) return false;
    } while (take(','));
    return take('}') || fail();
  }

  // A JSON number; an unsigned integer's value goes to `out` when asked for.
  bool number(std::optional<std::uint64_t>* out) {
    blanks();
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
    if (*p_ == '0') ++p_;
    else while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const char* int_end = p_;
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      if (++p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (out && integral && *start != '-') {
      std::uint64_t v = 0;
      auto [q, ec] = std::from_chars(start, int_end, v);
      if (ec == std::errc{} && q == int_end) *out = v;
    }
    return true;
  }

 private:
  void blanks() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// A member value that should be a string: true when it is one and not empty (null and other types
// are no output).
bool non_empty_string(walker& w, int depth, bool& non_empty) {
  if (w.peek('"')) {
    std::string_view raw;
    bool esc = false;
    if (!w.string(raw, esc)) return false;
    non_empty = non_empty || !raw.empty();
    return true;
  }
  return w.skip(depth);
}

// choices[0]: {"delta": {"content": ..., "reasoning_content": ...}, "text": ...}
bool first_choice(walker& w, int depth, bool& output) {
  if (!w.peek('{')) return w.skip(depth);
  return w.members([&](std::string_view key, bool esc) {
    if (walker::key_is(key, esc, "text")) return non_empty_string(w, depth + 1, output);
    if (!walker::key_is(key, esc, "delta") || !w.peek('{')) return w.skip(depth + 1);
    return w.members([&](std::string_view k, bool e) {
      if (walker::key_is(k, e, "content") || walker::key_is(k, e, "reasoning_content"))
        return non_empty_string(w, depth + 2, output);
      return w.skip(depth + 2);
    });
  });
}

bool choices(walker& w, openai_chunk& c) {
  if (!w.peek('[')) return w.skip(1);
  c.has_choices = true;
  w.take('[');
  if (w.take(']')) return true;
  bool first = true;
  do {
    if (!(first ? first_choice(w, 2, c.has_output) : w.skip(2))) return false;
    first = false;
  } while (w.take(','));
  return w.take(']') || w.fail();
}

bool usage(walker& w, openai_chunk& c) {
  if (!w.peek('{')) return w.skip(1);
  c.has_usage = true;
  return w.members([&](std::string_view key, bool esc) {
    if (walker::key_is(key, esc, "completion_tokens") && w.peek_number()) return w.number(&c.completion_tokens);
    return w.skip(2);
  });
}

}  // namespace

openai_chunk scan_openai_chunk(std::string_view json) {
  openai_chunk c;
  walker w(json);
  bool ok = w.members([&](std::string_view key, bool esc) {
    if (walker::key_is(key, esc, "choices")) return choices(w, c);
    if (walker::key_is(key, esc, "usage")) return usage(w, c);
    return w.skip(1);
  });
  c.valid = ok && w.ok() && w.at_end();
  if (!c.valid) c = openai_chunk{};
  return c;
}

}  // namespace ragbench::loadgen
