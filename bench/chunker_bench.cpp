// Chunker throughput (MB/s) on a 10 MB document, by unit (chars, tokens).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>

#include "server/rag/chunker.hpp"

namespace {

using namespace ragbench::server;

// Words of 2..10 letters separated by spaces, a newline every ~12 words.
std::string make_text(std::size_t bytes) {
  std::mt19937_64 rng(7);
  std::string text;
  text.reserve(bytes + 16);
  while (text.size() < bytes) {
    for (std::size_t n = 2 + rng() % 9; n > 0; --n) text.push_back(static_cast<char>('a' + rng() % 26));
    text.push_back(rng() % 12 == 0 ? '\n' : ' ');
  }
  text.resize(bytes);
  return text;
}

void bm_chunk(benchmark::State& state, chunk_unit unit, std::size_t size, std::size_t overlap) {
  const std::string text = make_text(10u << 20);
  chunker c(chunker_options{size, overlap, unit});
  std::size_t chunks = 0;
  for (auto _ : state) {
    const auto spans = c.split(text);
    chunks = spans.size();
    benchmark::DoNotOptimize(spans.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["chunks"] = static_cast<double>(chunks);
}
BENCHMARK_CAPTURE(bm_chunk, chars_800_160, chunk_unit::chars, 800, 160)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_chunk, chars_64_16, chunk_unit::chars, 64, 16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_chunk, tokens_128_32, chunk_unit::tokens, 128, 32)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
