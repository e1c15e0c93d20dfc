// Documents and jobs: POST/GET/DELETE /v1/documents[/{id}], GET /v1/documents (cursor pages),
// GET /v1/jobs/{id}. Everything touching the store runs on the compute pool.
#include <nlohmann/json.hpp>

#include <charconv>

#include "common/json_text.hpp"
#include "server/api/document_upload.hpp"
#include "server/api/json_body.hpp"
#include "server/api/route_support.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {
namespace {

bool wants_async(const request& req) {
  auto flag = req.query_param("async");
  if (!flag) return false;
  if (*flag == "true" || *flag == "1") return true;
  if (*flag == "false" || *flag == "0") return false;
  throw api_error(400, "invalid_parameter", "query parameter \"async\" must be true or false");
}

nlohmann::json job_json(const job& j) {
  nlohmann::json out = {{"id", j.id},
                        {"document_id", j.document_id},
                        {"state", to_string(j.state)},
                        {"progress", j.progress},
                        {"total", j.total},
                        {"created_at_ms", j.created_at_ms},
                        {"updated_at_ms", j.updated_at_ms}};
  if (!j.error.empty()) out["error"] = j.error;
  return out;
}

std::string etag_of(const document& d) {
  return "\"doc-" + std::to_string(d.id) + "-" + std::to_string(d.created_at_ms) + "\"";
}

// True when an If-None-Match header lists `etag` (or is "*").
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag || item == "*") return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// A document's stored metadata for a response. Metadata stored before uploads were bounded by
// json_max_depth may nest deeper: that, or text that does not parse, is served as null (and
// logged) instead of being handed to a serializer that recurses.
nlohmann::json stored_metadata(const document& d, const logger& log) {
  if (!json_nesting_exceeds(d.metadata_json, json_max_depth)) {
    auto meta = nlohmann::json::parse(d.metadata_json, nullptr, false);
    if (!meta.is_discarded()) return meta;
  }
  log.warn("document " + std::to_string(d.id) + ": stored metadata is not JSON within " +
           std::to_string(json_max_depth) + " levels; served as null");
  return nullptr;
}

std::size_t page_limit(const request& req) {
  auto text = req.query_param("limit");
  if (!text) return 20;
  std::size_t limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 100) {
    throw api_error(400, "invalid_parameter", "query parameter \"limit\" must be an integer from 1 to 100");
  }
  return limit;
}

std::uint64_t page_cursor(const request& req) {
  auto text = req.query_param("cursor");
  if (!text || text->empty()) return 0;
  std::uint64_t after = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), after);
  if (ec != std::errc() || end != text->data() + text->size()) {
    throw api_error(400, "invalid_parameter", "query parameter \"cursor\" is not a cursor this server issued");
  }
  return after;
}

}  // namespace

void add_document_routes(router& r, api_services& s) {
  r.add("POST", "/v1/documents", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      document doc = read_upload(req);
      bool async = wants_async(req) || doc.content.size() > s.settings.async_upload_threshold_bytes;
      job j = s.docs.store().documents().create(doc);  // durable before any reply
      nlohmann::json body = {{"id", doc.id}, {"job_id", j.id}, {"title", doc.title}};
      if (async) {
        s.jobs.enqueue(j);
        body["status"] = "queued";
        auto res = json_response(202, body);
        res.set_header("location", "/v1/jobs/" + std::to_string(j.id));
        return res;
      }
      job finished = s.jobs.run_now(j);
      if (finished.state != job_state::done) {
        throw store_error("indexing failed: " + finished.error);
      }
      body["status"] = "done";
      body["chunks"] = finished.total;
      auto res = json_response(201, body);
      res.set_header("location", "/v1/documents/" + std::to_string(doc.id));
      return res;
    });
  });

  r.add("GET", "/v1/documents", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto page = s.docs.store().documents().list(page_cursor(req), page_limit(req));
      nlohmann::json items = nlohmann::json::array();
      for (const auto& d : page.documents) {
        items.push_back({{"id", d.id}, {"title", d.title}, {"content_type", d.content_type},
                         {"created_at_ms", d.created_at_ms}});
      }
      nlohmann::json body = {{"documents", std::move(items)}, {"next_cursor", nullptr}};
      if (page.next_cursor) body["next_cursor"] = std::to_string(*page.next_cursor);
      return json_response(200, body);
    });
  });

  r.add("GET", "/v1/documents/{id}", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto id = parse_id(req.param("id"), "document");
      auto doc = s.docs.store().documents().get(id);
      if (!doc) throw api_error(404, "not_found", "document " + std::to_string(id) + " does not exist");
      std::string etag = etag_of(*doc);
      if (auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
        response res;
        res.status = 304;
        res.set_header("etag", etag);
        return res;
      }
      nlohmann::json body = {{"id", doc->id},
                             {"title", doc->title},
                             {"content", doc->content},
                             {"content_type", doc->content_type},
                             {"metadata", stored_metadata(*doc, s.log)},
                             {"created_at_ms", doc->created_at_ms}};
      auto res = json_response(200, body);
      res.set_header("etag", etag);
      return res;
    });
  });

  r.add("DELETE", "/v1/documents/{id}", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto id = parse_id(req.param("id"), "document");
      if (!s.docs.store().documents().remove(id)) {
        throw api_error(404, "not_found", "document " + std::to_string(id) + " does not exist");
      }
      s.docs.unpublish_document(id);  // also invalidates cached answers
      response res;
      res.status = 204;
      return res;
    });
  });

  r.add("GET", "/v1/jobs/{id}", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto id = parse_id(req.param("id"), "job");
      auto j = s.docs.store().jobs().get(id);
      if (!j) throw api_error(404, "not_found", "job " + std::to_string(id) + " does not exist");
      return json_response(200, job_json(*j));
    });
  });
}

}  // namespace ragbench::server
