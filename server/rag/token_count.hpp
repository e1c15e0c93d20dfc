#pragma once
// Tokens as the simulated model counts them: runs of non-whitespace (the simulator's answer
// tokens are such runs). Used for usage.prompt_tokens and for fitting a conversation's history
// into its context window. O(size), no allocation, thread-safe.
#include <cstddef>
#include <string_view>

namespace ragbench::server {

std::size_t count_tokens(std::string_view text);

}  // namespace ragbench::server
