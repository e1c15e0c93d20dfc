#pragma once
// Reading the body of POST /v1/documents into a document (id not yet assigned).
#include "server/http/message.hpp"
#include "server/store/document_records.hpp"

namespace ragbench::server {

// Reads the upload by its Content-Type: application/json (the default when absent) is an object
// {title (1..500 bytes), content (non-empty), metadata (object or null)}, nothing else; text/plain
// and text/markdown are the content itself (UTF-8, non-empty), titled by ?title= (UTF-8, cut to
// 500 bytes) or the first non-empty line. Throws api_error: 400 for a bad body or field, 415 for
// any other media type. created_at_ms is now (system clock). Pure apart from the clock.
document read_upload(const request& req);

}  // namespace ragbench::server
