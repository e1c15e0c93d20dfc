// The body of POST /v1/documents: a JSON object {title, content, metadata} or a raw text/plain or
// text/markdown upload (title from ?title= or the first line), read strictly into a document.
#include "server/api/document_upload.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>

#include "common/json_text.hpp"
#include "server/api/api_error.hpp"
#include "server/api/json_body.hpp"

namespace ragbench::server {
namespace {

constexpr std::size_t max_title_bytes = 500;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string media_type(const request& req) {
  auto type = req.header("content-type");
  if (!type) return "application/json";
  std::string t(type->substr(0, type->find(';')));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

// First non-empty line of a raw upload, trimmed of markdown heading marks, as its title.
std::string title_from_text(std::string_view text) {
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    while (!line.empty() && (line.front() == '#' || line.front() == ' ')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) return std::string(utf8_prefix(line, 200));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return "untitled";
}

}  // namespace

document read_upload(const request& req) {
  document doc;
  doc.created_at_ms = now_ms();
  std::string type = media_type(req);
  if (type == "application/json") {
    auto body = parse_json_object(req);
    reject_unknown_fields(body, {"title", "content", "metadata"});
    doc.title = require_string(body, "title", 1, max_title_bytes);
    doc.content = require_string(body, "content", 1, req.body.size());
    doc.content_type = "text/plain";
    auto meta = body.find("metadata");
    if (meta != body.end() && !meta->is_null()) {
      if (!meta->is_object()) {
        throw api_error(400, "invalid_field", std::string("field \"metadata\" must be an object, got ") +
                                                  meta->type_name());
      }
      doc.metadata_json = meta->dump();
    } else {
      doc.metadata_json = "{}";
    }
    return doc;
  }
  if (type == "text/plain" || type == "text/markdown") {
    if (req.body.empty()) throw api_error(400, "missing_field", "the document body is empty");
    if (!is_valid_utf8(req.body)) {
      throw api_error(400, "invalid_encoding", "text uploads must be UTF-8; the body has invalid byte sequences");
    }
    doc.content = req.body;
    doc.content_type = type;
    auto title = req.query_param("title");
    if (title && !is_valid_utf8(*title)) {
      throw api_error(400, "invalid_parameter", "query parameter \"title\" must be UTF-8 text");
    }
    doc.title = title && !title->empty() ? std::string(utf8_prefix(*title, max_title_bytes)) : title_from_text(req.body);
    doc.metadata_json = "{}";
    return doc;
  }
  throw api_error(415, "unsupported_media_type",
                  "documents are uploaded as application/json, text/plain or text/markdown, got " + type);
}

}  // namespace ragbench::server
