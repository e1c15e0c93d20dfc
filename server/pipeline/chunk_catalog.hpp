#pragma once
// In-memory map chunk id -> (document id, text) beside the vector index, so search and query
// answer from memory without a store round-trip per hit. Rebuilt from the store at start-up;
// the store stays the durable record. ~1 KiB per chunk: 10 000 chunks ≈ 10 MiB.
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ragbench::server {

struct catalog_entry {
  std::uint64_t document_id = 0;
  std::uint32_t ordinal = 0;
  std::shared_ptr<const std::string> text;
};

class chunk_catalog {
 public:
  // Adds or replaces one chunk. Thread-safe.
  void put(std::uint64_t chunk_id, catalog_entry entry);
  // Removes every chunk of `document_id`; returns their ids (to remove from the index). Thread-safe.
  std::vector<std::uint64_t> remove_document(std::uint64_t document_id);
  // Looks up a chunk; nullopt when unknown (e.g. deleted between search and lookup). Thread-safe.
  std::optional<catalog_entry> get(std::uint64_t chunk_id) const;
  std::size_t size() const;
  // Approximate bytes held (texts + map overhead), for memory accounting.
  std::size_t memory_bytes() const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, catalog_entry> chunks_;
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> by_document_;
  std::size_t text_bytes_ = 0;
};

}  // namespace ragbench::server
