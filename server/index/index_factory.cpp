// Chooses the vector index strategy by name: a plain table, no self-registration.
#include "server/index/index_factory.hpp"

#include <stdexcept>

#include "server/index/flat_index.hpp"

namespace ragbench::server {

const std::vector<std::string_view>& index_names() {
  static const std::vector<std::string_view> names{"flat", "hnsw"};
  return names;
}

std::unique_ptr<vector_index> make_index(const index_options& options) {
  if (options.name == "flat") return std::make_unique<flat_index>(options.dimension, options.initial_capacity);
  if (options.name == "hnsw") {
    hnsw_options h;
    h.m = options.m;
    h.ef_construction = options.ef_construction;
    h.ef_search = options.ef_search;
    h.full_scan_threshold = options.full_scan_threshold;
    h.initial_capacity = options.initial_capacity;
    h.seed = options.seed;
    return std::make_unique<hnsw_index>(options.dimension, h);
  }
  std::string valid;
  for (auto n : index_names()) valid += (valid.empty() ? "" : ", ") + std::string(n);
  throw std::invalid_argument("unknown index '" + options.name + "'; valid names: " + valid);
}

}  // namespace ragbench::server
