#pragma once
// Splits a document into overlapping fixed-size windows, on character or word boundaries.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ragbench::server {

enum class chunk_unit { chars, tokens };  // tokens = whitespace-separated words

struct chunker_options {
  std::size_t size = 1000;     // window length in `unit`s; must be >= 16
  std::size_t overlap = 200;   // shared between consecutive windows, in `unit`s; must be < size
  chunk_unit unit = chunk_unit::chars;
  std::uint32_t max_chunks = 1u << 20;  // a document giving more chunks is rejected (store limit)
};

// A chunk as a byte range of the original text.
struct text_span {
  std::size_t offset = 0;  // bytes from the start of the text
  std::size_t length = 0;  // bytes
};

class chunker {
 public:
  // Throws std::invalid_argument naming the offending option ('size', 'overlap', 'max_chunks').
  explicit chunker(chunker_options options);

  // The windows over `text`, in order, never empty and never all-whitespace; an empty or
  // whitespace-only text gives no chunks. chars: each window is at most `size` bytes; its end
  // snaps back to whitespace when one lies in its second half (so words are not cut), and the
  // next window starts `overlap` bytes before that end, snapped forward to a word start when
  // one lies within the overlap. tokens: `size` words per window, consecutive windows share
  // exactly `overlap` words; a window spans from its first word's start to its last word's end.
  // Throws std::length_error when the text would give more than max_chunks chunks.
  // Thread-safe (const); O(text size), allocates only the result.
  std::vector<text_span> split(std::string_view text) const;

  // split() as views into `text` (which must outlive them).
  std::vector<std::string_view> split_views(std::string_view text) const;

  const chunker_options& options() const { return options_; }

 private:
  std::vector<text_span> split_chars(std::string_view text) const;
  std::vector<text_span> split_tokens(std::string_view text) const;
  void push_checked(std::vector<text_span>& out, text_span s) const;

  chunker_options options_;
};

// The unit names in enum order: "chars", "tokens".
std::span<const std::string_view> chunk_unit_names();

// Parses one of chunk_unit_names(); throws std::invalid_argument listing the valid names.
chunk_unit parse_chunk_unit(std::string_view name);

}  // namespace ragbench::server
