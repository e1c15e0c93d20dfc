// fit_context: system prompt and newest turn first, then chunks best first, then history newest first.
#include "server/pipeline/context_window.hpp"

namespace ragbench::server {

context_fit fit_context(std::size_t window_tokens, std::size_t system_tokens, std::size_t newest_tokens,
                        std::span<const std::size_t> chunk_tokens, std::span<const std::size_t> history_tokens) {
  context_fit fit;
  fit.prompt_tokens = system_tokens + turn_overhead_tokens + newest_tokens + turn_overhead_tokens;
  auto fits = [&](std::size_t more) { return fit.prompt_tokens + more <= window_tokens; };
  for (std::size_t tokens : chunk_tokens) {
    if (!fits(tokens)) break;
    fit.prompt_tokens += tokens;
    ++fit.chunks_kept;
  }
  for (auto it = history_tokens.rbegin(); it != history_tokens.rend(); ++it) {
    if (!fits(*it + turn_overhead_tokens)) break;  // a gap would reorder the conversation: stop here
    fit.prompt_tokens += *it + turn_overhead_tokens;
    ++fit.history_kept;
  }
  fit.history_dropped = history_tokens.size() - fit.history_kept;
  return fit;
}

}  // namespace ragbench::server
