// sse_probe: blocking socket + poll; the response head is parsed by hand, the body de-chunked
// incrementally and cut into events at blank lines.
#include "integration/support/sse_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace ragbench::testing {
namespace {

using clock_type = std::chrono::steady_clock;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Moves complete events from `pending` into `out`, stamped `at`.
void cut_events(std::string& pending, std::vector<sse_event>& out, std::chrono::nanoseconds at) {
  for (auto end = pending.find("\n\n"); end != std::string::npos; end = pending.find("\n\n")) {
    const std::string block = pending.substr(0, end);
    pending.erase(0, end + 2);
    for (auto& data : sse_data(block + "\n\n")) out.push_back({at, std::move(data)});
  }
}

}  // namespace

std::vector<std::string> sse_data(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\n\n", pos);
    const std::string block = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() : end + 2;
    std::string data;
    bool any = false;
    std::size_t line_start = 0;
    while (line_start <= block.size()) {
      auto nl = block.find('\n', line_start);
      std::string line = block.substr(line_start, nl == std::string::npos ? std::string::npos : nl - line_start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("data:", 0) == 0) {
        std::string value = line.substr(5);
        if (!value.empty() && value.front() == ' ') value.erase(0, 1);
        data += (any ? "\n" : "") + value;
        any = true;
      }
      if (nl == std::string::npos) break;
      line_start = nl + 1;
    }
    if (any) out.push_back(std::move(data));
  }
  return out;
}

sse_reply post_sse(unsigned short port, const std::string& target, const std::string& json_body,
                   std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
  const std::string req = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                          "Accept: text/event-stream\r\nConnection: close\r\nContent-Length: " +
                          std::to_string(json_body.size()) + "\r\n\r\n" + json_body;
  const auto sent = clock_type::now();
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    throw std::runtime_error("send failed");
  }

  sse_reply reply;
  std::string raw, pending;  // raw: bytes not yet consumed; pending: body text not yet cut into events
  bool head_done = false, chunked = false;
  const auto deadline = sent + timeout;
  for (;;) {
    // Consume what can be consumed.
    if (!head_done) {
      auto end = raw.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::string head = raw.substr(0, end);
        raw.erase(0, end + 4);
        head_done = true;
        reply.status = static_cast<unsigned>(std::stoul(head.substr(head.find(' ') + 1, 3)));
        std::size_t at = head.find("\r\n");
        while (at != std::string::npos) {
          auto next = head.find("\r\n", at + 2);
          std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
          auto colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = lower(line.substr(0, colon)), value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            if (name == "content-type") reply.content_type = value;
            if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) chunked = true;
          }
          at = next;
        }
      }
    }
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - sent);
    if (head_done && !chunked) {
      reply.body += raw;
      pending += raw;
      raw.clear();
    }
    while (head_done && chunked) {
      auto line_end = raw.find("\r\n");
      if (line_end == std::string::npos) break;
      const std::size_t size = std::stoul(raw.substr(0, line_end), nullptr, 16);
      if (raw.size() < line_end + 2 + size + 2) break;
      if (size == 0) {
        reply.complete = true;
        cut_events(pending, reply.events, now);
        return reply;
      }
      const std::string piece = raw.substr(line_end + 2, size);
      raw.erase(0, line_end + 2 + size + 2);
      reply.body += piece;
      pending += piece;
    }
    cut_events(pending, reply.events, now);

    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0) return reply;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[16384];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {  // closed: the end of a close-delimited body
      reply.complete = head_done && !chunked;
      return reply;
    }
    raw.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace ragbench::testing
