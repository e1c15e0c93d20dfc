#pragma once
// The strategy names ragserver accepts, in ONE place: config validation, --help and the docs read
// these lists, and each strategy factory must accept exactly these names. Add a name here when
// its implementation lands (e.g. "redis", "semantic" cache tiers; "postgres" store).
#include <array>
#include <string_view>

namespace ragbench::server {

// Document stores (server/store/). Default "sqlite".
inline constexpr std::array<std::string_view, 3> k_store_names = {"sqlite", "memory", "postgres"};
// Vector indexes (server/index/). Default "hnsw".
inline constexpr std::array<std::string_view, 2> k_index_names = {"hnsw", "flat"};
// Cache tiers (server/cache/). The `cache` setting is a comma-separated ordered list of these
// (more than one = tiered, first tier checked first); "none" must stand alone. Default "lru".
inline constexpr std::array<std::string_view, 4> k_cache_tier_names = {"none", "lru", "redis", "semantic"};
// Connection pool strategies for PostgreSQL and Redis (server/pool/). Default "fixed".
inline constexpr std::array<std::string_view, 3> k_pool_names = {"fixed", "elastic", "none"};
// Chunker units (server/rag/).
inline constexpr std::array<std::string_view, 2> k_chunk_unit_names = {"chars", "tokens"};
// Log levels (common/log.hpp).
inline constexpr std::array<std::string_view, 5> k_log_level_names = {"debug", "info", "warn", "error", "off"};

}  // namespace ragbench::server
