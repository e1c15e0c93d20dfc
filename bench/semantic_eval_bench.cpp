// Semantic cache evaluation: hit rate and false-hit rate of the semantic tier on a labelled set
// of query pairs (bench/data/semantic_pairs.csv, made by bench/data/make_semantic_pairs.py from
// the sample corpus), at thresholds 0.70..0.98, with the real feature_hash_embedder.
// For each threshold: one semantic_cache holding every `cached` query (value = that query), then
// every `asked` query is looked up. A paraphrase counts as a hit when answered with its own
// cached query's value; a near-miss or negation counts as a false hit when answered with a value
// cached for a different question. Usage: semantic_eval_bench [pairs.csv]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/semantic_cache.hpp"
#include "server/rag/feature_hash_embedder.hpp"

using namespace ragbench;
using namespace ragbench::server;

namespace {

struct labelled_pair {
  std::string kind;
  bool should_hit = false;
  std::string cached;
  std::string asked;
};

// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

std::vector<labelled_pair> load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path + " (make it with bench/data/make_semantic_pairs.py)");
  std::vector<labelled_pair> out;
  std::string line;
  std::getline(in, line);  // header
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto f = split_csv(line);
    if (f.size() != 4) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected 4 fields");
    out.push_back({f[0], f[1] == "1", f[2], f[3]});
  }
  return out;
}

// The key text answer_service would use (scope + lower-cased query).
std::string key_text(const std::string& query) {
  std::string out = "query|k=5|";
  for (unsigned char c : query) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1]
                                    : (std::filesystem::path(__FILE__).parent_path() / "data/semantic_pairs.csv").string();
  std::vector<labelled_pair> pairs;
  try {
    pairs = load(path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "semantic_eval_bench: %s\n", e.what());
    return 2;
  }
  feature_hash_embedder embed;
  std::map<std::string, std::size_t> per_kind;
  for (const auto& p : pairs) ++per_kind[p.kind];
  std::printf("%zu pairs from %s:", pairs.size(), path.c_str());
  for (const auto& [kind, n] : per_kind) std::printf(" %zu %s", n, kind.c_str());
  std::printf("\n\n");

  // Cosine similarity per kind, for the record (negations are as close as paraphrases for a
  // bag-of-words embedder; the cache's negation guard, not the threshold, keeps them apart).
  std::map<std::string, std::vector<double>> sims;
  for (const auto& p : pairs) {
    auto a = embed.embed(p.cached), b = embed.embed(p.asked);
    double dot = 0;
    for (std::size_t i = 0; i < a.size(); ++i) dot += double(a[i]) * b[i];
    sims[p.kind].push_back(dot);
  }
  std::printf("%-10s %6s %6s %6s %6s %6s\n", "kind", "min", "p10", "median", "p90", "max");
  for (auto& [kind, v] : sims) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[static_cast<std::size_t>(q * double(v.size() - 1))]; };
    std::printf("%-10s %6.3f %6.3f %6.3f %6.3f %6.3f\n", kind.c_str(), v.front(), at(0.1), at(0.5), at(0.9), v.back());
  }

  std::printf("\n%-9s | %-14s | %-14s | %-14s | %-10s\n", "threshold", "paraphrase hit", "near_miss false", "negation false",
              "all false");
  std::vector<int> thresholds;
  for (int t = 70; t <= 98; t += 2) thresholds.push_back(t);
  thresholds.insert(std::find(thresholds.begin(), thresholds.end(), 86), 85);
  for (int t : thresholds) {
    fake_clock clock;
    cache_options o;
    o.name = "semantic";
    o.capacity = 10'000;
    o.ttl_jitter = 0;
    o.default_ttl = std::chrono::hours(1);
    o.semantic_threshold = t / 100.0;
    semantic_cache c(o, clock);
    for (const auto& p : pairs) {
      auto text = key_text(p.cached);
      auto vec = embed.embed(p.cached);
      c.put(cache_key{text, vec, std::string_view(text).substr(0, 10)}, text, std::chrono::milliseconds(0));
    }
    std::map<std::string, std::size_t> right, wrong;
    for (const auto& p : pairs) {
      auto text = key_text(p.asked);
      auto vec = embed.embed(p.asked);
      auto got = c.get(cache_key{text, vec, std::string_view(text).substr(0, 10)});
      if (!got || *got == text) continue;  // a miss, or the very same question was cached
      if (p.should_hit && *got == key_text(p.cached)) {
        ++right[p.kind];
      } else {
        ++wrong[p.kind];
      }
    }
    auto pct = [&](std::size_t n, const std::string& kind) { return 100.0 * double(n) / double(per_kind[kind]); };
    const std::size_t misses_expected = per_kind["near_miss"] + per_kind["negation"];
    std::printf("%9.2f | %13.1f%% | %14.1f%% | %13.1f%% | %9.1f%%\n", t / 100.0, pct(right["paraphrase"], "paraphrase"),
                pct(wrong["near_miss"], "near_miss"), pct(wrong["negation"], "negation"),
                100.0 * double(wrong["near_miss"] + wrong["negation"]) / double(misses_expected));
  }
  return 0;
}
