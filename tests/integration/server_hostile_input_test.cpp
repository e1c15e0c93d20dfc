// The real ragserver against a hostile client (issue 11): JSON nested deep enough to overflow a
// recursive serializer, request-smuggling Transfer-Encoding shapes, chunk extensions and trailer
// sections that never end, over-long targets, missing Host, encoded NULs — over HTTP/1.1 and,
// where the rule is the route's, over h2c with curl.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fstream>

#include "integration/support/ragserver_process.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// {"m": {"m": ... {} ... }}: `depth` objects.
std::string nested(std::size_t depth) {
  std::string s;
  for (std::size_t i = 1; i < depth; ++i) s += "{\"m\":";
  s += "{}";
  s.append(depth - 1, '}');
  return s;
}

std::string error_code_of(const http_reply& r) {
  auto body = json::parse(r.body, nullptr, false);
  return body.is_discarded() || !body.contains("error") ? "(none)" : body["error"]["code"].get<std::string>();
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

double resident_bytes(const ragserver_process& server) {
  auto text = server.client().get("/metrics").body;
  auto at = text.find("\nprocess_resident_memory_bytes ");
  REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + 31));
}

// Sends `head`, then `filler` repeated up to `max_bytes` (an element that never ends), stopping
// as soon as the server answers or closes. Returns {bytes of filler sent, what the server said}.
std::pair<std::size_t, std::string> send_endless(unsigned short port, const std::string& head, std::size_t max_bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  REQUIRE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
  const std::string filler(64 * 1024, 'a');
  std::size_t sent = 0;
  while (sent < max_bytes) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) break;  // an answer (or a close) arrived
    ssize_t n = ::send(fd, filler.data(), filler.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return {sent, reply};
}

}  // namespace

TEST_CASE("JSON nested 70 000 deep is 400 too_deep over HTTP/1.1 and h2c, and the server lives",
          "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto c = server.client();
  std::string deep_doc = R"({"title":"t","content":"some content","metadata":)" + nested(70'000) + "}";
  auto up = c.post_json("/v1/documents", deep_doc);
  CHECK(up.status == 400);
  CHECK(error_code_of(up) == "too_deep");
  CHECK_THAT(up.body, Catch::Contains("64"));
  auto search = c.post_json("/v1/search", R"({"query":"some content","filters":)" + nested(70'000) + "}");
  CHECK(search.status == 400);
  CHECK(error_code_of(search) == "too_deep");
  REQUIRE(server.process().running());

  // Metadata as deep as the bound allows (the body's own object is level 1) is stored and read back.
  auto ok = c.post_json("/v1/documents", R"({"title":"t","content":"some content","metadata":)" + nested(63) + "}");
  REQUIRE(ok.status == 201);
  auto id = json::parse(ok.body)["id"].get<std::uint64_t>();
  auto doc = c.get("/v1/documents/" + std::to_string(id));
  CHECK(doc.status == 200);
  CHECK(json::parse(doc.body)["metadata"] == json::parse(nested(63)));

  std::string file = dir.str() + "/deep.json";
  std::ofstream(file) << deep_doc;
  child_process curl({"/usr/bin/curl", "-sS", "--http2-prior-knowledge", "-H", "content-type: application/json",
                      "--data-binary", "@" + file, "-w", "\n%{http_version} %{http_code}", server.url() + "/v1/documents"},
                     dir.str() + "/curl-deep");
  REQUIRE(curl.wait(30s) == 0);
  CHECK_THAT(curl.stdout_text(), Catch::Contains("too_deep") && Catch::EndsWith("2 400"));
  CHECK(server.process().running());
}

TEST_CASE("an encoded NUL in a query parameter is 400 invalid_encoding over HTTP/1.1 and h2c",
          "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto r = server.client().get("/v1/documents?cursor=5%00zzz");
  CHECK(r.status == 400);
  CHECK(error_code_of(r) == "invalid_encoding");
  child_process curl({"/usr/bin/curl", "-sS", "--http2-prior-knowledge", "-w", "\n%{http_version} %{http_code}",
                      server.url() + "/v1/documents?cursor=5%00zzz"},
                     dir.str() + "/curl-nul");
  REQUIRE(curl.wait(30s) == 0);
  CHECK_THAT(curl.stdout_text(), Catch::Contains("invalid_encoding") && Catch::EndsWith("2 400"));
}

TEST_CASE("smuggling Transfer-Encoding shapes get one 400 and a close, the smuggled request is not served",
          "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  const std::string smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::string shape : {"Transfer-Encoding: chunked, identity\r\n", "Transfer-Encoding: xchunked\r\n",
                            "Transfer-Encoding: identity\r\nContent-Length: 5\r\n"}) {
    INFO(shape);
    std::string body = shape.find("Content-Length") != std::string::npos ? "{}   " : "0\r\n\r\n";
    auto reply = server.client().raw_exchange("POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                                  shape + "\r\n" + body + smuggled,
                                              2000);
    CHECK(reply.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(count_of(reply, "HTTP/1.1 ") == 1);
    CHECK(reply.find("connection: close") != std::string::npos);
  }
  CHECK(server.process().running());
}

TEST_CASE("an endless chunk extension or trailer section is refused early and memory stays flat",
          "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  const std::string head = "POST /v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  double rss_before = resident_bytes(server);
  struct shape {
    std::string prefix, status;
  };
  for (auto s : {shape{"5;ext=", "HTTP/1.1 400"}, shape{"5\r\nhello\r\n0\r\nx-trailer: ", "HTTP/1.1 431"}}) {
    INFO(s.prefix);
    auto [sent, reply] = send_endless(server.port(), head + s.prefix, 64u << 20);
    CHECK(reply.rfind(s.status, 0) == 0);
    CHECK(sent < (16u << 20));  // answered long before the 64 MiB were sent
  }
  double rss_after = resident_bytes(server);
  CHECK(rss_after - rss_before < 32.0 * (1 << 20));
  CHECK(server.process().running());
}

TEST_CASE("a 1 MB request target is 414, a missing or doubled Host 400", "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto c = server.client();
  auto long_uri = c.raw_exchange("GET /v1/documents?q=" + std::string(1 << 20, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
  CHECK(long_uri.rfind("HTTP/1.1 414", 0) == 0);
  CHECK(long_uri.find("uri_too_long") != std::string::npos);
  auto no_host = c.raw_exchange("GET /health HTTP/1.1\r\n\r\n", 2000);
  CHECK(no_host.rfind("HTTP/1.1 400", 0) == 0);
  auto two_hosts = c.raw_exchange("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 2000);
  CHECK(two_hosts.rfind("HTTP/1.1 400", 0) == 0);
  auto http10 = c.raw_exchange("GET /health HTTP/1.0\r\n\r\n", 2000);
  CHECK(http10.rfind("HTTP/1.1 200", 0) == 0);
}
