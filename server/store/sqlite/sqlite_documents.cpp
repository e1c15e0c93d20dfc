// Documents in SQLite: a new document and its queued job in one transaction.
#include "server/store/sqlite/sqlite_documents.hpp"

#include <algorithm>
#include <cstdint>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

job sqlite_documents::create(document& doc) {
  prepare_new_document(doc);
  job j;
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  db_->with_writer([&](sqlite_connection& writer) {
    sqlite_transaction tx(writer);
    {
      auto s = writer.prepare(
          "INSERT INTO documents(title, content, content_type, metadata_json, created_at_ms) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id");
      s.bind(1, doc.title).bind(2, doc.content).bind(3, doc.content_type).bind(4, doc.metadata_json);
      s.bind(5, doc.created_at_ms);
      if (!s.step()) throw store_error("sqlite store " + db_->path() + ": insert returned no id");
      j.document_id = s.column_uint(0);
      s.run();
    }
    {
      auto s = writer.prepare(
          "INSERT INTO jobs(document_id, state, progress, total, error, created_at_ms, updated_at_ms) "
          "VALUES (?, 'queued', 0, 0, '', ?, ?) RETURNING id");
      s.bind(1, j.document_id).bind(2, j.created_at_ms).bind(3, j.updated_at_ms);
      if (!s.step()) throw store_error("sqlite store " + db_->path() + ": insert returned no id");
      j.id = s.column_uint(0);
      s.run();
    }
    tx.commit();
  });
  doc.id = j.document_id;
  return j;
}

std::optional<document> sqlite_documents::get(std::uint64_t id) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<document> {
    auto s = c.prepare(
        "SELECT id, title, content, content_type, metadata_json, created_at_ms FROM documents WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return document{s.column_uint(0), s.column_text(1), s.column_text(2), s.column_text(3),
                    s.column_text(4), s.column_int(5)};
  });
}

document_page sqlite_documents::list(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  return db_->with_reader([&](sqlite_connection& c) {
    document_page page;
    auto s = c.prepare(
        "SELECT id, title, content_type, metadata_json, created_at_ms FROM documents "
        "WHERE id > ? ORDER BY id LIMIT ?");
    s.bind(1, after_id).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX - 1) + 1));
    while (s.step()) {
      if (page.documents.size() == limit) {
        page.next_cursor = page.documents.back().id;
        break;
      }
      page.documents.push_back(document{s.column_uint(0), s.column_text(1), {}, s.column_text(2),
                                        s.column_text(3), s.column_int(4)});
    }
    return page;
  });
}

bool sqlite_documents::remove(std::uint64_t id) {
  return db_->with_writer([&](sqlite_connection& writer) {
    sqlite_transaction tx(writer);
    bool existed = false;
    {
      auto s = writer.prepare("DELETE FROM documents WHERE id = ? RETURNING id");
      s.bind(1, id);
      existed = s.step();
      s.run();
    }
    tx.commit();
    return existed;
  });
}

}  // namespace ragbench::server
