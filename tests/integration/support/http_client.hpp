#pragma once
// A small synchronous HTTP/1.1 client for integration tests (Boost.Beast). One object is one
// keep-alive connection; it reconnects when the server closed it.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ragbench::testing {

struct http_reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // as received (not decompressed)
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class http_client {
 public:
  http_client(std::string host, unsigned short port);
  ~http_client();
  // Sends one request and reads the whole response. Headers are {name, value}; when a body is
  // given without a content-type header, application/json is used.
  http_reply request(const std::string& method, const std::string& target, const std::string& body = {},
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
  http_reply get(const std::string& target) { return request("GET", target); }
  http_reply post_json(const std::string& target, const std::string& json) { return request("POST", target, json); }
  // Sends raw bytes and returns everything the server sends until it closes or `timeout_ms` passes.
  std::string raw_exchange(const std::string& bytes, int timeout_ms);
  // Decompresses a gzip body (for gzip tests).
  static std::string gunzip(const std::string& data);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ragbench::testing
