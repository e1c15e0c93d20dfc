// count_tokens: runs of non-whitespace.
#include "server/rag/token_count.hpp"

namespace ragbench::server {

std::size_t count_tokens(std::string_view text) {
  std::size_t n = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace ragbench::server
