// Chooses the vector index strategy by name: a plain table (also the list of names), no
// self-registration.
#include "server/index/index_factory.hpp"

#include <stdexcept>

#include "common/name_table.hpp"
#include "server/index/flat_index.hpp"

namespace ragbench::server {

namespace {

struct index_strategy {
  std::string_view name;
  std::unique_ptr<vector_index> (*make)(const index_options&);
};

constexpr index_strategy k_strategies[] = {
    {"hnsw",
     [](const index_options& o) -> std::unique_ptr<vector_index> {
       hnsw_options h;
       h.m = o.m;
       h.ef_construction = o.ef_construction;
       h.ef_search = o.ef_search;
       h.full_scan_threshold = o.full_scan_threshold;
       h.initial_capacity = o.initial_capacity;
       h.seed = o.seed;
       return std::make_unique<hnsw_index>(o.dimension, h);
     }},
    {"flat",
     [](const index_options& o) -> std::unique_ptr<vector_index> {
       return std::make_unique<flat_index>(o.dimension, o.initial_capacity);
     }},
};
constexpr auto k_names = names_of(k_strategies);

}  // namespace

std::span<const std::string_view> index_strategy_names() { return k_names; }

std::unique_ptr<vector_index> make_index(const index_options& options) {
  if (const auto* s = find_named(k_strategies, options.name)) return s->make(options);
  throw std::invalid_argument("unknown index '" + options.name + "'; valid names: " + join_names(k_names));
}

}  // namespace ragbench::server
