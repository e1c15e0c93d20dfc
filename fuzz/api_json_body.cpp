// The request bodies of every ragserver route that reads one, parsed as the routes parse them.
// The first input byte picks the route (and Content-Type); the rest is the body:
//   0 /v1/search  1 /v1/query  2 /v1/chat  3 /v1/documents (JSON)  4 /v1/documents (text/plain,
//   ?title= from the body's first line)  5 /v1/chat/completions  6 a JSON body under a non-JSON type.
// Every refusal must be an api_error or openai_error with a 4xx status: anything else thrown
// would reach the route's catch-all as a 500 (or, outside a guard, end the process).
#include "fuzz_check.hpp"

#include "server/api/api_error.hpp"
#include "server/api/chat_completion_request.hpp"
#include "server/api/document_upload.hpp"
#include "server/api/openai_error.hpp"
#include "server/api/retrieval_request.hpp"
#include "server/http/request_target.hpp"

#include <cstdint>
#include <string>

namespace {

using ragbench::server::request;

request body_request(std::string target, std::string content_type, std::string body) {
  request req;
  req.method = "POST";
  req.target = std::move(target);
  if (!content_type.empty()) req.headers.emplace_back("content-type", std::move(content_type));
  req.body = std::move(body);
  (void)ragbench::server::split_target(req);
  return req;
}

void parse(unsigned route, std::string body) {
  using namespace ragbench::server;
  switch (route) {
    case 0:
      (void)read_retrieval(body_request("/v1/search", "application/json", std::move(body)), 5, {"query", "k", "filters"});
      return;
    case 1:
      (void)read_retrieval(body_request("/v1/query", "", std::move(body)), 5, {"query", "k", "filters", "cache"});
      return;
    case 2:
      (void)read_retrieval(body_request("/v1/chat", "application/json; charset=utf-8", std::move(body)), 5,
                           {"query", "k", "filters", "session"});
      return;
    case 3: {
      auto doc = read_upload(body_request("/v1/documents", "application/json", std::move(body)));
      FUZZ_CHECK(!doc.title.empty() && !doc.content.empty(), "a JSON document without title or content");
      return;
    }
    case 4: {
      std::string title = body.substr(0, body.find('\n'));
      auto doc = read_upload(body_request("/v1/documents?title=" + title, "text/plain", std::move(body)));
      FUZZ_CHECK(!doc.title.empty() && doc.title.size() <= 500, "a text document's title is empty or too long");
      return;
    }
    case 5: {
      auto chat = parse_chat_completion(body_request("/v1/chat/completions", "application/json", std::move(body)),
                                        "ragserver-sim");
      FUZZ_CHECK(!chat.messages.empty(), "a chat completion without messages");
      (void)chat.last_user_content();
      return;
    }
    default:
      (void)read_retrieval(body_request("/v1/search", "text/html", std::move(body)), 5, {"query"});
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    parse(data[0] % 7u, std::move(body));
  } catch (const ragbench::server::api_error& e) {
    FUZZ_CHECK(e.status() >= 400 && e.status() < 500, "a body refused with a status outside 4xx");
  } catch (const ragbench::server::openai_error& e) {
    FUZZ_CHECK(e.status() >= 400 && e.status() < 500, "a body refused with a status outside 4xx");
  }
  return 0;
}
