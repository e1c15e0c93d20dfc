// Chunks in PostgreSQL: replaced per document in one transaction (arrays through unnest), read
// back in id pages.
#include "server/store/postgres/postgres_chunks.hpp"

#include "server/store/postgres/pg_transaction.hpp"
#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement lock_document{"lock_document", "SELECT 1 FROM documents WHERE id = $1 FOR KEY SHARE"};
constexpr pg_statement delete_chunks{"delete_chunks", "DELETE FROM chunks WHERE document_id = $1"};
constexpr pg_statement insert_chunks{
    "insert_chunks",
    "INSERT INTO chunks(id, document_id, ordinal, text) SELECT u.id, $1, u.ordinal, u.text "
    "FROM unnest($2::bigint[], $3::integer[], $4::text[]) AS u(id, ordinal, text)"};
constexpr pg_statement select_chunk{"select_chunk", "SELECT id, document_id, ordinal, text FROM chunks WHERE id = $1"};
constexpr pg_statement chunks_page{
    "chunks_page", "SELECT id, document_id, ordinal, text FROM chunks WHERE id > $1 ORDER BY id LIMIT 512"};

chunk read_chunk(const pg_rows& r, int row) {
  return chunk{r.uint64(row, 0), r.uint64(row, 1), static_cast<std::uint32_t>(r.int64(row, 2)),
               std::string(r.text(row, 3))};
}

// Appends `s` as one element of a PostgreSQL array literal: "..." with " and \ escaped.
void append_array_text(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

bool postgres_chunks::replace(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  std::string ids = "{", ordinals = "{", texts = "{";
  for (const auto& ch : chunks) {
    if (ids.size() > 1) {
      ids += ',';
      ordinals += ',';
      texts += ',';
    }
    ids += std::to_string(ch.id);
    ordinals += std::to_string(ch.ordinal);
    append_array_text(texts, ch.text);
  }
  ids += '}';
  ordinals += '}';
  texts += '}';
  const std::string doc = std::to_string(document_id);
  return db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    // FOR KEY SHARE: a concurrent delete of the document waits for this transaction.
    if (c.run(lock_document, {doc}).empty()) return false;  // rolled back: nothing written
    c.run(delete_chunks, {doc});
    if (!chunks.empty()) c.run(insert_chunks, {doc, ids, ordinals, texts});
    tx.commit();
    return true;
  });
}

std::optional<chunk> postgres_chunks::get(std::uint64_t chunk_id) {
  return db_->with_connection([&](pg_connection& c) -> std::optional<chunk> {
    auto r = c.run(select_chunk, {std::to_string(chunk_id)});
    if (r.empty()) return std::nullopt;
    return read_chunk(r, 0);
  });
}

void postgres_chunks::for_each(const std::function<void(const chunk&)>& fn) {
  std::uint64_t after = 0;
  for (;;) {
    auto page = db_->with_connection([&](pg_connection& c) {
      auto r = c.run(chunks_page, {std::to_string(after)});
      std::vector<chunk> out;
      out.reserve(static_cast<std::size_t>(r.size()));
      for (int i = 0; i < r.size(); ++i) out.push_back(read_chunk(r, i));
      return out;
    });
    if (page.empty()) return;
    after = page.back().id;
    for (const auto& ch : page) fn(ch);
  }
}

}  // namespace ragbench::server
