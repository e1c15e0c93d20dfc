// Documents in PostgreSQL.
#include "server/store/postgres/postgres_documents.hpp"

#include <algorithm>
#include <cstdint>

#include "server/store/postgres/pg_transaction.hpp"
#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement insert_document{
    "insert_document",
    "WITH d AS (INSERT INTO documents(title, content, content_type, metadata_json, created_at_ms) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id) "
    "INSERT INTO jobs(document_id, state, progress, total, error, created_at_ms, updated_at_ms) "
    "SELECT id, 'queued', 0, 0, '', $5, $5 FROM d RETURNING id, document_id"};
constexpr pg_statement select_document{
    "select_document",
    "SELECT id, title, content, content_type, metadata_json, created_at_ms FROM documents WHERE id = $1"};
constexpr pg_statement list_documents_page{
    "list_documents",
    "SELECT id, title, content_type, metadata_json, created_at_ms FROM documents WHERE id > $1 ORDER BY id LIMIT $2"};
constexpr pg_statement delete_document_row{"delete_document", "DELETE FROM documents WHERE id = $1 RETURNING id"};

}  // namespace

job postgres_documents::create(document& doc) {
  prepare_new_document(doc);
  const std::string created = std::to_string(doc.created_at_ms);
  job j = db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    auto r = c.run(insert_document, {doc.title, doc.content, doc.content_type, doc.metadata_json, created});
    if (r.size() != 1) throw store_error("postgres store: insert returned no id");
    job out;
    out.id = r.uint64(0, 0);
    out.document_id = r.uint64(0, 1);
    tx.commit();
    return out;
  });
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  doc.id = j.document_id;
  return j;
}

std::optional<document> postgres_documents::get(std::uint64_t id) {
  return db_->with_connection([&](pg_connection& c) -> std::optional<document> {
    auto r = c.run(select_document, {std::to_string(id)});
    if (r.empty()) return std::nullopt;
    return document{r.uint64(0, 0), std::string(r.text(0, 1)), std::string(r.text(0, 2)),
                    std::string(r.text(0, 3)), std::string(r.text(0, 4)), r.int64(0, 5)};
  });
}

document_page postgres_documents::list(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  const std::size_t fetch = std::min<std::size_t>(limit, INT64_MAX - 1) + 1;
  return db_->with_connection([&](pg_connection& c) {
    auto r = c.run(list_documents_page, {std::to_string(after_id), std::to_string(fetch)});
    document_page page;
    for (int i = 0; i < r.size(); ++i) {
      if (page.documents.size() == limit) {
        page.next_cursor = page.documents.back().id;
        break;
      }
      page.documents.push_back(document{r.uint64(i, 0), std::string(r.text(i, 1)), {}, std::string(r.text(i, 2)),
                                        std::string(r.text(i, 3)), r.int64(i, 4)});
    }
    return page;
  });
}

bool postgres_documents::remove(std::uint64_t id) {
  return db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    const bool existed = !c.run(delete_document_row, {std::to_string(id)}).empty();
    tx.commit();
    return existed;
  });
}

}  // namespace ragbench::server
