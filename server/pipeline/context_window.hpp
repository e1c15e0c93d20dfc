#pragma once
// Fitting a conversation turn's prompt into the model's context window (--context-tokens). The
// prompt is: the system prompt, the retrieved chunks, the conversation's earlier turns and the new
// user turn. The system prompt and the new turn are always kept (even past the window: a prompt
// without them means nothing); then chunks best first while they fit; then earlier turns newest
// first while they fit, so the oldest turns are the first dropped. Every turn costs its tokens
// plus turn_overhead_tokens (the role marker and separators a chat template adds).
// Pure arithmetic: O(chunks + turns), no allocation, thread-safe.
#include <cstddef>
#include <span>

namespace ragbench::server {

inline constexpr std::size_t turn_overhead_tokens = 4;

struct context_fit {
  std::size_t chunks_kept = 0;      // a prefix of the chunks (best first)
  std::size_t history_kept = 0;     // a suffix of the history (the newest turns)
  std::size_t history_dropped = 0;  // history.size() - history_kept: the oldest turns
  std::size_t prompt_tokens = 0;    // the kept prompt, overheads included
};

// `chunk_tokens`: tokens of each retrieved chunk, best first. `history_tokens`: tokens of each
// earlier turn's content, oldest first (overheads are added here). `system_tokens` and
// `newest_tokens` are the system prompt's and the new turn's content tokens.
context_fit fit_context(std::size_t window_tokens, std::size_t system_tokens, std::size_t newest_tokens,
                        std::span<const std::size_t> chunk_tokens, std::span<const std::size_t> history_tokens);

}  // namespace ragbench::server
