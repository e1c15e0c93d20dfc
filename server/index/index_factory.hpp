#pragma once
// The one place where a vector index strategy is chosen by name, and the one list of their names
// (--help, setting validation and error messages read it).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/index/hnsw_index.hpp"
#include "server/index/vector_index.hpp"

namespace ragbench::server {

struct index_options {
  std::string name = "hnsw";      // one of index_strategy_names()
  std::size_t dimension = 384;    // must match the embedder's
  std::size_t initial_capacity = 1024;  // vectors reserved up front (both strategies)
  // hnsw defaults: the cheapest search with recall@10 >= 0.95 on the sample corpus (10 000
  // chunks, D = 384; grid and numbers in bench/index_bench.cpp) at ~0.25 ms per insert.
  std::size_t m = 24;             // hnsw only: graph degree
  std::size_t ef_construction = 200;  // hnsw only
  std::size_t ef_search = 150;    // hnsw only
  std::size_t full_scan_threshold = 1000;  // hnsw only: exact scan below this many vectors
  std::uint64_t seed = 100;       // hnsw only: level generator seed
};

// The valid strategy names, default first: {"hnsw", "flat"}.
std::span<const std::string_view> index_strategy_names();

// Builds the named index. Throws std::invalid_argument listing the valid names for an unknown
// name, or naming the option for a bad value.
std::unique_ptr<vector_index> make_index(const index_options& options);

}  // namespace ragbench::server
