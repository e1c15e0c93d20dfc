// The LLM simulator: a per-call splitmix64 stream (seeded from seed and query) drives lognormal
// delays and the choice of passages; the answer is stitched from the chunks' own words.
#include "server/rag/llm_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "common/json_text.hpp"

namespace ragbench::server {
namespace {

constexpr std::size_t max_answer_tokens = 65536;
constexpr std::size_t max_word_bytes = 64;  // longer "words" (URLs, base64, CJK runs) are cut

// splitmix64: tiny, fast, and identical on every platform (unlike std:: distributions).
class split_mix {
 public:
  explicit split_mix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {  // Box-Muller
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::uint64_t state_;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// A lognormal sample with the given mean (exact in expectation) and sigma.
double lognormal(split_mix& rng, double mean, double sigma) {
  if (mean <= 0.0) return 0.0;
  if (sigma == 0.0) return mean;
  const double mu = std::log(mean) - 0.5 * sigma * sigma;
  return std::exp(mu + sigma * rng.normal());
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < text.size()) {
    while (i < text.size() && space(text[i])) ++i;
    const std::size_t b = i;
    while (i < text.size() && !space(text[i])) ++i;
    // A cut word must not end inside a multi-byte character (CJK text has no spaces at all).
    if (i > b) {
      const std::string_view word = utf8_prefix(text.substr(b, i - b), max_word_bytes);
      if (!word.empty()) words.push_back(word);
    }
  }
  return words;
}

bool ends_sentence(std::string_view w) {
  const char c = w.back();
  return c == '.' || c == '?' || c == '!';
}

void validate_spread(double v, const char* name) {
  if (!std::isfinite(v) || v < 0.0 || v > 4.0) {
    throw std::invalid_argument(std::string("llm option '") + name + "' must be in 0..4");
  }
}

}  // namespace

std::string llm_plan::text() const {
  std::string s;
  for (const std::string& t : tokens) s += t;
  return s;
}

std::chrono::microseconds llm_plan::total_delay() const {
  std::chrono::microseconds sum{0};
  for (auto d : delays) sum += d;
  return sum;
}

llm_simulator::llm_simulator(llm_options options) : options_(options) {
  if (options_.ttft_mean.count() < 0) throw std::invalid_argument("llm option 'ttft_mean' must be >= 0");
  if (options_.inter_token_mean.count() < 0) {
    throw std::invalid_argument("llm option 'inter_token_mean' must be >= 0");
  }
  validate_spread(options_.ttft_spread, "ttft_spread");
  validate_spread(options_.inter_token_spread, "inter_token_spread");
  if (!std::isfinite(options_.scale) || options_.scale < 0.0) {
    throw std::invalid_argument("llm option 'scale' must be a finite number >= 0");
  }
  if (options_.answer_tokens == 0 || options_.answer_tokens > max_answer_tokens) {
    throw std::invalid_argument("llm option 'answer_tokens' must be in 1..65536");
  }
  if (options_.tokens_per_event_min == 0 || options_.tokens_per_event_max > max_answer_tokens ||
      options_.tokens_per_event_min > options_.tokens_per_event_max) {
    throw std::invalid_argument("llm option 'tokens_per_event' must be MIN..MAX with 1 <= MIN <= MAX <= 65536");
  }
}

llm_plan llm_simulator::plan(std::string_view query, std::span<const context_chunk> context) const {
  const std::uint64_t base = options_.seed ^ fnv1a(query);
  split_mix pick_rng(base ^ 0x5bd1e9955bd1e995ull);
  llm_plan out;
  out.tokens.reserve(options_.answer_tokens);
  auto emit = [&](std::string_view word) {
    std::string t;
    t.reserve(word.size() + 1);
    if (!out.tokens.empty()) t.push_back(' ');
    t.append(word);
    out.tokens.push_back(std::move(t));
  };
  auto cite = [&](std::uint64_t id) {
    emit("[chunk:" + std::to_string(id) + "]");
    if (std::find(out.cited_ids.begin(), out.cited_ids.end(), id) == out.cited_ids.end()) {
      out.cited_ids.push_back(id);
    }
  };

  std::vector<std::vector<std::string_view>> words;
  words.reserve(context.size());
  for (const context_chunk& c : context) words.push_back(split_words(c.text));
  const bool any_words = std::any_of(words.begin(), words.end(), [](const auto& w) { return !w.empty(); });

  std::size_t budget = options_.answer_tokens;
  if (!any_words) {
    const std::vector<std::string_view> fixed = split_words(
        "I could not find anything in the indexed documents that answers this question.");
    for (std::size_t i = 0; i < fixed.size() && budget > 0; ++i, --budget) emit(fixed[i]);
  }
  const std::size_t passage = std::max<std::size_t>(8, options_.answer_tokens / std::min<std::size_t>(context.size() + 1, 4));
  for (std::size_t round = 0; any_words && budget > 0; ++round) {
    for (std::size_t c = 0; c < context.size() && budget > 0; ++c) {
      const auto& w = words[c];
      if (w.empty()) continue;
      if (budget == 1) {
        cite(context[c].id);
        --budget;
        break;
      }
      // First visit: from the first sentence start in the chunk's first half; later: anywhere.
      std::size_t start = 0;
      if (round == 0) {
        for (std::size_t i = 0; i + 1 < w.size() / 2; ++i) {
          if (ends_sentence(w[i])) {
            start = i + 1;
            break;
          }
        }
      } else {
        start = static_cast<std::size_t>(pick_rng.next() % w.size());
      }
      const std::size_t n = std::min({passage, w.size() - start, budget - 1});
      for (std::size_t i = 0; i < n; ++i) emit(w[start + i]);
      cite(context[c].id);
      budget -= n + 1;
    }
  }

  // Delays come from their own stream so they depend only on (seed, query).
  split_mix delay_rng(base);
  out.delays.reserve(out.tokens.size());
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    const double us = i == 0 ? lognormal(delay_rng, static_cast<double>(options_.ttft_mean.count()), options_.ttft_spread)
                             : lognormal(delay_rng, static_cast<double>(options_.inter_token_mean.count()),
                                         options_.inter_token_spread);
    out.delays.emplace_back(static_cast<std::int64_t>(std::llround(std::min(us * options_.scale, 3.6e9))));
  }

  // Event sizes from a third stream, so they never shift the text or the delays.
  split_mix event_rng(base ^ 0x2545f4914f6cdd1dull);
  const std::size_t lo = options_.tokens_per_event_min, span = options_.tokens_per_event_max - lo + 1;
  for (std::size_t left = out.tokens.size(); left > 0;) {
    const std::size_t size = std::min(left, span == 1 ? lo : lo + static_cast<std::size_t>(event_rng.next() % span));
    out.event_sizes.push_back(size);
    left -= size;
  }
  return out;
}

}  // namespace ragbench::server
