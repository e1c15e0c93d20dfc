#pragma once
// A stand-in for a hosted LLM: composes a real-text answer from the retrieved chunks (citing
// their ids) and draws time-to-first-token and inter-token delays from lognormal distributions,
// and how many tokens each streamed event carries (fixed or uniform in a range, so the
// "chunk != token" case of real inference servers can be reproduced). It only plans; whoever
// streams the answer waits out the delays (with timers, not sleeps).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

struct llm_options {
  std::chrono::microseconds ttft_mean{300'000};         // mean time to first token
  double ttft_spread = 0.25;                            // lognormal sigma (0 = constant)
  std::chrono::microseconds inter_token_mean{25'000};   // mean delay between tokens
  double inter_token_spread = 0.35;                     // lognormal sigma (0 = constant)
  std::size_t answer_tokens = 64;                       // tokens per answer, 1..65536
  double scale = 1.0;  // multiplies every delay; 0 = no waiting (pure-overhead benchmarks)
  std::uint64_t seed = 42;
  // Tokens per streamed event, drawn uniformly from [min, max] per event (min == max: fixed).
  // The last event of an answer carries what is left, so it may be smaller.
  std::size_t tokens_per_event_min = 1;
  std::size_t tokens_per_event_max = 1;
};

// A retrieved chunk as the simulator sees it.
struct context_chunk {
  std::uint64_t id = 0;
  std::string_view text;
};

struct llm_plan {
  // tokens[i] is emitted after waiting delays[i] (delays[0] is the time to first token).
  // Every token but the first carries its leading space, so concatenating them gives text().
  // Citation tokens look like " [chunk:<id>]".
  std::vector<std::string> tokens;
  std::vector<std::chrono::microseconds> delays;
  std::vector<std::uint64_t> cited_ids;  // distinct, in first-cited order
  // Tokens per streamed event, in order; each >= 1, summing to tokens.size(). An event is sent
  // once its last token is generated: after the sum of its tokens' delays.
  std::vector<std::size_t> event_sizes;

  std::string text() const;
  std::chrono::microseconds total_delay() const;
};

class llm_simulator {
 public:
  // Throws std::invalid_argument naming the option when a mean is negative, a spread is
  // negative/not finite/> 4, scale is negative/not finite, answer_tokens is 0 or > 65536, or
  // tokens_per_event_min is 0 or above tokens_per_event_max, or tokens_per_event_max > 65536.
  explicit llm_simulator(llm_options options);

  // Plans the answer to `query` over `context` (best first). With context the answer has
  // exactly answer_tokens tokens of words taken from the chunks, each passage followed by its
  // citation; without usable context it is a short fixed "no context" sentence (at most
  // answer_tokens tokens). Deterministic for (seed, query, context); delays and event sizes
  // depend only on (seed, query), each from its own random stream (changing tokens per event
  // changes neither the text nor the delays). Thread-safe: const, the streams are per call.
  // Cost O(answer_tokens + total context size).
  llm_plan plan(std::string_view query, std::span<const context_chunk> context) const;

  const llm_options& options() const { return options_; }

 private:
  llm_options options_;
};

}  // namespace ragbench::server
