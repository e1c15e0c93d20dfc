#pragma once
// Argument checks and defaults shared by every store, so all strategies reject the same inputs
// with the same messages (std::invalid_argument).
#include <cstdint>
#include <vector>

#include "server/store/chunk_records.hpp"
#include "server/store/document_records.hpp"

namespace ragbench::server {

// Wall-clock Unix epoch milliseconds, for created_at_ms / updated_at_ms.
std::int64_t unix_now_ms();

// Fills defaults of a new document: content_type "text/plain", metadata_json "{}",
// created_at_ms now (when 0). Resets id to 0.
void prepare_new_document(document& doc);

// Checks that every chunk belongs to `document_id` (document_id field and id ==
// make_chunk_id(document_id, ordinal)), that ordinals are unique and below max_chunks_per_document.
void validate_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks);

// limit must be >= 1.
void validate_limit(std::size_t limit);

}  // namespace ragbench::server
