// What a browser front end on another origin needs from the real ragserver: CORS preflights and
// headers (--cors-origins); the OpenAPI description at /openapi.json -- covering every route the
// server registers, with exactly the methods it answers, and accepted by Redocly's linter; --dev
// (answers at once, corpus loaded in the background); fault injection; and a real headless Chromium
// running a page from another origin against the server (tests/node/browser_check.mjs).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>
#include <regex>
#include <set>

#include "integration/support/cli_tool.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

TEST_CASE("CORS: preflight and response headers for the allowed origin only", "[integration][server][cors]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--cors-origins", "http://localhost:5173", "--auth", "required"});
  auto c = server.client();
  const std::vector<std::pair<std::string, std::string>> preflight = {
      {"origin", "http://localhost:5173"},
      {"access-control-request-method", "POST"},
      {"access-control-request-headers", "authorization,content-type"}};
  // Answered before --auth's gate: a browser sends preflights without credentials.
  auto pre = c.request("OPTIONS", "/v1/conversations", {}, preflight);
  CHECK(pre.status == 204);
  CHECK(pre.header("access-control-allow-origin") == "http://localhost:5173");
  CHECK(pre.header("access-control-allow-credentials") == "true");
  CHECK(pre.header("access-control-allow-headers").find("Authorization") != std::string::npos);

  auto denied = c.request("OPTIONS", "/v1/search", {}, {{"origin", "http://evil.example"},
                                                         {"access-control-request-method", "POST"}});
  CHECK(denied.status == 403);
  CHECK(denied.header("access-control-allow-origin").empty());

  // A 401 from the gate still carries the CORS headers, so the page can read why.
  auto unauth = c.request("POST", "/v1/search", R"({"query":"write-ahead logging"})", {{"origin", "http://localhost:5173"}});
  CHECK(unauth.status == 401);
  CHECK(unauth.header("access-control-allow-origin") == "http://localhost:5173");
  CHECK(unauth.header("access-control-expose-headers").find("WWW-Authenticate") != std::string::npos);
  CHECK(unauth.header("vary").find("Origin") != std::string::npos);

  auto plain = c.get("/health");
  CHECK(plain.status == 200);
  CHECK(plain.header("access-control-allow-origin").empty());
}

TEST_CASE("/openapi.json describes every route with its methods, and Redocly's linter accepts it",
          "[integration][server][openapi][node]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--store", "memory"});
  auto c = server.client();
  auto r = c.get("/openapi.json");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == "application/json");
  auto doc = json::parse(r.body);
  CHECK(doc["openapi"] == "3.1.0");
  const json& paths = doc["paths"];

  // Every route pattern the server registered (its metrics label every one from the start).
  const std::string metrics = c.get("/metrics").body;
  std::set<std::string> routes;
  const std::regex label(R"re(route="([^"]+)")re");
  for (std::sregex_iterator it(metrics.begin(), metrics.end(), label), end; it != end; ++it) routes.insert((*it)[1]);
  routes.erase("unmatched");
  routes.insert("/openapi.json");
  REQUIRE(routes.size() >= 19);
  for (const auto& route : routes) {
    INFO(route);
    CHECK(paths.contains(route));
  }
  // Each described path exists on the server with exactly the described methods: a method no route
  // takes gets 405 with the Allow list (GET implies HEAD).
  for (const auto& [path, item] : paths.items()) {
    INFO(path);
    CHECK(routes.count(path) == 1);
    std::set<std::string> described;
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      described.insert(upper);
      if (upper == "GET") described.insert("HEAD");
      CHECK(op.contains("operationId"));
      CHECK(op["responses"].is_object());
    }
    const std::string concrete = std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "1");
    auto probe = c.request("PUT", concrete, "{}");
    REQUIRE(probe.status == 405);
    std::set<std::string> allowed;
    const std::string allow = probe.header("allow");
    std::regex word("[A-Z]+");
    for (std::sregex_iterator it(allow.begin(), allow.end(), word), end; it != end; ++it) allowed.insert(it->str());
    CHECK(allowed == described);
  }

  // /docs: Swagger UI from the installed swagger-ui-dist files, nothing from the internet.
  auto page = c.get("/docs");
  CHECK(page.status == 200);
  CHECK(page.header("content-type").rfind("text/html", 0) == 0);
  CHECK(page.body.find("/openapi.json") != std::string::npos);
  CHECK(page.body.find("https://") == std::string::npos);
  auto bundle = c.get("/docs/swagger-ui-bundle.js");
  CHECK(bundle.status == 200);
  CHECK(bundle.body.size() > 100'000);
  CHECK(c.get("/docs/swagger-ui.css").header("content-type").rfind("text/css", 0) == 0);
  CHECK(c.get("/docs/package.json").status == 404);
  CHECK(c.get("/docs/..%2Fpackage.json").status == 404);

  // Redocly's linter (tests/node, installed by ci/setup.sh) on the served document: no errors, no warnings.
  const std::string file = dir.str() + "/openapi.json";
  std::ofstream(file) << r.body;
  auto lint = run_tool(dir, {"/usr/bin/node", source_dir() + "/tests/node/node_modules/@redocly/cli/bin/cli.js", "lint",
                             "--format", "json", file},
                       std::chrono::seconds(180));
  INFO(lint.out << lint.err);
  CHECK(lint.status == 0);
  auto report = json::parse(lint.out.substr(std::min(lint.out.find('{'), lint.out.size())), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["totals"]["errors"] == 0);
  CHECK(report["totals"]["warnings"] == 0);
  CHECK(report["problems"].empty());
}

namespace {

std::size_t corpus_documents() {
  std::ifstream in(build_dir() + "/corpus/documents.jsonl");
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

// Polls /health/detailed until it is 200 (or `limit` passes); returns the last body.
json wait_ready(http_client& c, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto r = c.get("/health/detailed");
    if (r.status == 200 || std::chrono::steady_clock::now() > deadline) return json::parse(r.body);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

TEST_CASE("dev server: --dev answers at once, loads the sample corpus in the background, CORS '*', auth off",
          "[integration][server][dev]") {
  const std::size_t documents = corpus_documents();
  REQUIRE(documents > 100);  // the build's sample corpus (scenarios/data)
  temp_dir dir;
  const auto spawned = std::chrono::steady_clock::now();
  ragserver_process server(dir.str(), {"--dev"});
  const double start_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - spawned).count();
  auto c = server.client();
  CHECK(c.get("/health").status == 200);
  WARN("--dev listening after " << start_s << " s");
  CHECK(start_s < 10);  // generous: the corpus must not be loaded before the server answers

  auto ready = wait_ready(c, std::chrono::seconds(120));
  INFO(ready.dump());
  REQUIRE(ready["status"] == "ready");
  CHECK(ready["dependencies"]["corpus"]["status"] == "up");
  CHECK(ready["dependencies"]["corpus"]["detail"].get<std::string>().find(std::to_string(documents) + " of " +
                                                                         std::to_string(documents) + " documents") == 0);
  CHECK(ready["dependencies"]["store"]["strategy"] == "memory");
  CHECK(ready["dependencies"]["index"]["strategy"] == "flat");
  auto page = json::parse(c.get("/v1/documents?limit=1").body);
  CHECK(page["documents"].size() == 1);

  auto found = c.request("POST", "/v1/search", R"({"query":"write-ahead log checkpoints","k":3})",
                         {{"origin", "http://localhost:3000"}, {"authorization", "Bearer not-checked"}});
  CHECK(found.status == 200);  // --auth off
  CHECK(found.header("access-control-allow-origin") == "*");
  CHECK(json::parse(found.body)["results"].size() == 3);
}

TEST_CASE("fault injection: delays and 503s on the chosen routes only", "[integration][server][dev]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--store", "memory", "--inject-latency", "/v1/search=300ms",
                                       "--inject-errors", "/v1/query=100%,/v1/documents=0%"});
  auto c = server.client();
  REQUIRE(c.post_json("/v1/documents", R"({"title":"wal","content":"Write-ahead logging makes commits durable."})")
              .status == 201);
  const auto sent = std::chrono::steady_clock::now();
  auto found = c.post_json("/v1/search", R"({"query":"write-ahead logging"})");
  const auto took = std::chrono::steady_clock::now() - sent;
  CHECK(found.status == 200);
  CHECK(took >= std::chrono::milliseconds(290));  // the injected delay is a lower bound
  for (int i = 0; i < 3; ++i) {
    auto failed = c.post_json("/v1/query", R"({"query":"write-ahead logging"})");
    CHECK(failed.status == 503);
    CHECK(json::parse(failed.body)["error"]["code"] == "injected_fault");
  }
  CHECK(c.get("/health").status == 200);
  CHECK(c.get("/metrics").body.find(R"(route="/v1/query",method="POST",status="503")") != std::string::npos);

  auto bad = run_tool(dir, {build_dir() + "/bin/ragserver", "--listen", "127.0.0.1:0", "--store", "memory",
                            "--inject-errors", "/v1/nope=5%"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("/v1/nope") != std::string::npos);
}

TEST_CASE("a browser page on another origin logs in, uploads, searches, asks and renders a streamed answer",
          "[integration][server][browser][node]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--dev", "--llm-scale", "0.05"});  // streamed visibly, quickly
  const std::string artifacts = build_dir() + "/artifacts";
  std::filesystem::create_directories(artifacts);
  const std::string screenshot = artifacts + "/browser-frontend.png";
  std::filesystem::remove(screenshot);
  // tests/node/node_modules (playwright-core) comes from ci/setup.sh; Chromium from Debian.
  auto run = run_tool(dir, {"/usr/bin/node", source_dir() + "/tests/node/browser_check.mjs", server.url(), screenshot},
                      std::chrono::seconds(120));
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  auto seen = json::parse(run.out.substr(run.out.rfind("{\"ok\"")));
  CHECK(seen["ok"] == true);
  CHECK(seen["tokens"].get<int>() >= 2);
  CHECK(seen["answer"] == seen["expected"]);
  CHECK(seen["console_errors"].empty());
  CHECK(seen["docs_operations"].get<int>() >= 25);  // Swagger UI rendered every operation of /openapi.json
  CHECK(std::filesystem::file_size(screenshot) > 1000);
}
