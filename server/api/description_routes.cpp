// GET /openapi.json: the API's OpenAPI 3.1 description (docs/openapi.json, compiled in).
// GET /docs and /docs/{file}: Swagger UI over it, from swagger-ui-dist's prebuilt files (installed
// by ci/setup.sh into tests/node/node_modules), read once at start -- nothing is fetched from the
// internet by the page.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "server/api/openapi_document.hpp"
#include "server/api/routes.hpp"
#include "server/http/json_response.hpp"

namespace ragbench::server {
namespace {

// The files of swagger-ui-dist the page uses, with their media types.
constexpr std::pair<const char*, const char*> docs_files[] = {
    {"swagger-ui.css", "text/css; charset=utf-8"},
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {"swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"},
    {"favicon-32x32.png", "image/png"},
    {"favicon-16x16.png", "image/png"},
};

constexpr const char* docs_page = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ragserver API</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});</script>
</body></html>
)html";

struct docs_assets {
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> files;  // name -> {type, bytes}
  std::string missing;  // why /docs cannot be served; empty when it can
};

std::shared_ptr<const docs_assets> load_assets(const std::string& dir) {
  auto out = std::make_shared<docs_assets>();
  for (const auto& [name, type] : docs_files) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    if (!in) {
      out->missing = "Swagger UI's files are not installed (" + dir + "/" + name +
                     " is missing); run ci/setup.sh, or give --docs-assets";
      return out;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out->files[name] = {type, bytes.str()};
  }
  return out;
}

}  // namespace

void add_description_routes(router& r, const std::string& docs_assets_dir) {
  r.add("GET", "/openapi.json", [](request, handler_context, respond_fn respond) {
    response res;
    res.status = 200;
    res.set_header("content-type", "application/json");
    res.set_header("cache-control", "no-cache");
    res.body = std::string(openapi_document());
    respond(std::move(res));
  });

  auto assets = load_assets(docs_assets_dir);
  r.add("GET", "/docs", [assets](request, handler_context, respond_fn respond) {
    if (!assets->missing.empty()) return respond(json_error(503, "docs_unavailable", assets->missing));
    response res;
    res.status = 200;
    res.set_header("content-type", "text/html; charset=utf-8");
    res.body = docs_page;
    respond(std::move(res));
  });
  r.add("GET", "/docs/{file}", [assets](request req, handler_context, respond_fn respond) {
    if (!assets->missing.empty()) return respond(json_error(503, "docs_unavailable", assets->missing));
    auto it = assets->files.find(req.param("file"));
    if (it == assets->files.end()) {
      return respond(json_error(404, "not_found", "no file \"" + std::string(req.param("file")) + "\" under /docs"));
    }
    response res;
    res.status = 200;
    res.set_header("content-type", it->second.first);
    res.set_header("cache-control", "max-age=3600");
    res.body = it->second.second;
    respond(std::move(res));
  });
}

}  // namespace ragbench::server
