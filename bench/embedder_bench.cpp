// Embedder throughput (MB/s) on chunk-sized texts, and the upload path's cost: a 10 MB document
// chunked and embedded. Text is synthetic, Zipf-distributed pseudo-words (deterministic).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "server/rag/cached_embedder.hpp"
#include "server/rag/chunker.hpp"
#include "server/rag/feature_hash_embedder.hpp"

namespace {

using namespace ragbench::server;

std::string make_text(std::size_t bytes) {
  std::mt19937_64 rng(42);
  std::vector<std::string> vocab;
  for (int i = 0; i < 20000; ++i) {
    std::string w;
    for (std::size_t n = 2 + rng() % 9; n > 0; --n) w.push_back(static_cast<char>('a' + rng() % 26));
    vocab.push_back(w);
  }
  std::vector<double> weights;
  for (std::size_t i = 0; i < vocab.size(); ++i) weights.push_back(1.0 / static_cast<double>(i + 1));
  std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
  std::string text;
  text.reserve(bytes + 16);
  for (std::size_t words = 0; text.size() < bytes; ++words) {
    text += vocab[zipf(rng)];
    text += (words % 17 == 16) ? ". " : " ";
  }
  text.resize(bytes);
  return text;
}

void bm_embed(benchmark::State& state) {
  const std::string text = make_text(static_cast<std::size_t>(state.range(0)));
  feature_hash_embedder e;
  std::vector<float> out(e.dimension());
  for (auto _ : state) {
    e.embed(text, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(bm_embed)->Arg(64)->Arg(800)->Arg(4000);

// A query through the embedding cache (D = 384): a hit (the text cached) against a miss (the
// model's embed plus the insert, evicting the oldest entry of a full cache). Query-sized texts.
void bm_cached_embed(benchmark::State& state) {
  const bool hit = state.range(0) == 1;
  feature_hash_embedder model;
  cached_embedder cached(model, 10'000);
  std::vector<std::string> queries;
  for (int i = 0; i < 20'000; ++i) queries.push_back("how does write-ahead logging work, question " + std::to_string(i));
  std::vector<float> out(model.dimension());
  if (hit) cached.embed(queries[0], out);
  std::size_t i = 0;
  for (auto _ : state) {
    cached.embed(hit ? queries[0] : queries[i++ % queries.size()], out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(hit ? "hit" : "miss");
}
BENCHMARK(bm_cached_embed)->Arg(1)->Arg(0);

void bm_chunk_and_embed_10mb(benchmark::State& state) {
  const std::string text = make_text(10u << 20);
  chunker c(chunker_options{800, 160, chunk_unit::chars});
  feature_hash_embedder e;
  std::vector<float> out(e.dimension());
  std::size_t chunks = 0;
  for (auto _ : state) {
    chunks = 0;
    for (auto piece : c.split_views(text)) {
      e.embed(piece, out);
      benchmark::DoNotOptimize(out.data());
      ++chunks;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["chunks"] = static_cast<double>(chunks);
}
BENCHMARK(bm_chunk_and_embed_10mb)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
