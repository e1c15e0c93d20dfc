// Fixed-size windows with overlap over characters or whitespace-separated words, snapping
// character windows to whitespace so words are not cut where that is possible, and never
// cutting inside a UTF-8 character.
#include "server/rag/chunker.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "common/name_table.hpp"

namespace ragbench::server {
namespace {

constexpr bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// A UTF-8 continuation byte: a window boundary here would cut a character in two.
constexpr bool inside_character(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

namespace {

constexpr std::array<std::string_view, 2> k_unit_names = {"chars", "tokens"};  // enum order

}  // namespace

std::span<const std::string_view> chunk_unit_names() { return k_unit_names; }

chunk_unit parse_chunk_unit(std::string_view name) {
  for (std::size_t i = 0; i < k_unit_names.size(); ++i) {
    if (k_unit_names[i] == name) return static_cast<chunk_unit>(i);
  }
  throw std::invalid_argument("chunker option 'unit' must be one of: " + join_names(k_unit_names) + " (got '" +
                              std::string(name) + "')");
}

chunker::chunker(chunker_options options) : options_(options) {
  if (options_.size < 16) {
    throw std::invalid_argument("chunker option 'size' must be >= 16, got " +
                                std::to_string(options_.size));
  }
  if (options_.overlap >= options_.size) {
    throw std::invalid_argument("chunker option 'overlap' must be < size (" +
                                std::to_string(options_.size) + "), got " +
                                std::to_string(options_.overlap));
  }
  if (options_.max_chunks == 0) {
    throw std::invalid_argument("chunker option 'max_chunks' must be >= 1");
  }
}

std::vector<text_span> chunker::split(std::string_view text) const {
  return options_.unit == chunk_unit::chars ? split_chars(text) : split_tokens(text);
}

std::vector<std::string_view> chunker::split_views(std::string_view text) const {
  std::vector<std::string_view> views;
  for (const text_span& s : split(text)) views.push_back(text.substr(s.offset, s.length));
  return views;
}

void chunker::push_checked(std::vector<text_span>& out, text_span s) const {
  if (out.size() >= options_.max_chunks) {
    throw std::length_error("document too large: it would give more than " +
                            std::to_string(options_.max_chunks) + " chunks of size " +
                            std::to_string(options_.size) + "; use a larger chunk size");
  }
  out.push_back(s);
}

std::vector<text_span> chunker::split_chars(std::string_view text) const {
  std::vector<text_span> out;
  const std::size_t n = text.size();
  const std::size_t size = options_.size;
  const std::size_t overlap = options_.overlap;
  out.reserve(std::min<std::size_t>(n / (size - overlap) + 1, options_.max_chunks));
  std::size_t start = 0;
  while (start < n && is_space(text[start])) ++start;
  while (start < n) {
    std::size_t end = start + size;
    if (end >= n) {
      end = n;
    } else if (!is_space(text[end])) {
      // Snap back to the last whitespace in the window's second half, if there is one.
      std::size_t cut = end;
      while (cut > start + size / 2 && !is_space(text[cut - 1])) --cut;
      if (cut > start + size / 2) end = cut;
    }
    while (end < n && end > start + 1 && inside_character(text[end])) --end;
    std::size_t last = end;  // trim trailing whitespace of this chunk
    while (last > start && is_space(text[last - 1])) --last;
    push_checked(out, {start, last - start});
    if (end >= n) break;

    // Next window: `overlap` bytes before the end, moved forward to a word start if one lies
    // within the overlap; always strictly after `start` so the loop progresses.
    std::size_t next = end - overlap;
    if (next <= start) next = start + 1;
    while (next < end && inside_character(text[next])) ++next;
    if (overlap > 0 && next > 0 && !is_space(text[next - 1])) {
      std::size_t w = next;
      while (w < end && !is_space(text[w - 1])) ++w;
      if (w < end) next = w;
    }
    while (next < n && is_space(text[next])) ++next;
    start = next;
  }
  return out;
}

std::vector<text_span> chunker::split_tokens(std::string_view text) const {
  // Streams words into a window of at most `size` word spans; after each chunk the window keeps
  // its last `overlap` words. Memory is O(size), not O(words in the document).
  std::vector<text_span> out;
  std::vector<text_span> window;
  window.reserve(options_.size);
  const std::size_t n = text.size();
  std::size_t i = 0;
  bool fresh = false;  // the window holds words not yet emitted in a chunk
  auto emit = [&] {
    const std::size_t b = window.front().offset;
    push_checked(out, {b, window.back().offset + window.back().length - b});
    // Keep the last `overlap` words (the final window may hold fewer than that).
    const std::size_t keep = std::min(window.size(), options_.overlap);
    window.erase(window.begin(), window.end() - static_cast<std::ptrdiff_t>(keep));
    fresh = false;
  };
  while (i < n) {
    while (i < n && is_space(text[i])) ++i;
    if (i == n) break;
    const std::size_t b = i;
    while (i < n && !is_space(text[i])) ++i;
    window.push_back({b, i - b});
    fresh = true;
    if (window.size() == options_.size) emit();
  }
  if (fresh) emit();
  return out;
}

}  // namespace ragbench::server
