// Chunks in SQLite: replaced per document in one transaction, read back in id pages.
#include "server/store/sqlite/sqlite_chunks.hpp"

#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

chunk read_chunk(const sqlite_statement& s) {
  chunk c;
  c.id = s.column_uint(0);
  c.document_id = s.column_uint(1);
  c.ordinal = static_cast<std::uint32_t>(s.column_int(2));
  c.text = s.column_text(3);
  return c;
}

}  // namespace

bool sqlite_chunks::replace(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  return db_->with_writer([&](sqlite_connection& writer) {
    sqlite_transaction tx(writer);
    {
      auto exists = writer.prepare("SELECT 1 FROM documents WHERE id = ?");
      exists.bind(1, document_id);
      if (!exists.step()) return false;  // the transaction rolls back: nothing written
    }
    writer.prepare("DELETE FROM chunks WHERE document_id = ?").bind(1, document_id).run();
    for (const auto& c : chunks) {
      auto s = writer.prepare("INSERT INTO chunks(id, document_id, ordinal, text) VALUES (?, ?, ?, ?)");
      s.bind(1, c.id).bind(2, document_id).bind(3, std::int64_t{c.ordinal}).bind(4, c.text).run();
    }
    tx.commit();
    return true;
  });
}

std::optional<chunk> sqlite_chunks::get(std::uint64_t chunk_id) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<chunk> {
    auto s = c.prepare("SELECT id, document_id, ordinal, text FROM chunks WHERE id = ?");
    s.bind(1, chunk_id);
    if (!s.step()) return std::nullopt;
    return read_chunk(s);
  });
}

void sqlite_chunks::for_each(const std::function<void(const chunk&)>& fn) {
  std::uint64_t after = 0;
  for (;;) {
    auto page = db_->with_reader([&](sqlite_connection& c) {
      std::vector<chunk> out;
      auto s = c.prepare("SELECT id, document_id, ordinal, text FROM chunks WHERE id > ? ORDER BY id LIMIT 512");
      s.bind(1, after);
      while (s.step()) out.push_back(read_chunk(s));
      return out;
    });
    if (page.empty()) return;
    after = page.back().id;
    for (const auto& c : page) fn(c);
  }
}

}  // namespace ragbench::server
