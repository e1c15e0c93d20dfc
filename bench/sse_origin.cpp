// A scripted text/event-stream origin for bench/stream_overhead.sh (loopback only): one thread, Boost.Asio.
//
// Every request (any method and path; HTTP/1.1 keep-alive, Content-Length bodies) gets a chunked
// text/event-stream answer: the response head at once, the first output event TTFT after the request's
// last byte was read, then EVENTS - 1 more, BATCH events per write every GAP x BATCH, then `data: [DONE]`.
// Just before writing the first event it stamps its send time; `sent - arrival` of every request is kept
// (but for requests that arrive within --warmup-ms of the first one: the connection storm at the start is
// not what is measured), and on SIGTERM or SIGINT its distribution is written as JSON to --stats: count, p50, p90, p99, p999, max
// in ms (exact, from the sorted values), and late_p50 ... late_p999: how late the origin itself was
// (sent - arrival - TTFT).
// Usage: sse_origin --port P [--ttft-ms 1] [--events 10] [--gap-ms 50] [--batch 1] [--warmup-ms 0] --stats FILE
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

struct settings {
  unsigned short port = 0;
  std::chrono::microseconds ttft{1000}, gap{50000}, warmup{0};
  int events = 10, batch = 1;
  std::string stats;
};

const std::string event = "data: {\"choices\":[{\"delta\":{\"content\":\"tok\"}}]}\n\n";

std::string chunk(const std::string& body) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", body.size());
  return size + body + "\r\n";
}

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, const settings& s, std::vector<double>& samples_ms,
             std::optional<clock_type::time_point>& first_arrival)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        settings_(s),
        samples_ms_(samples_ms),
        first_arrival_(first_arrival) {
    socket_.set_option(tcp::no_delay(true));
  }

  void read_request() {
    asio::async_read_until(socket_, asio::dynamic_buffer(in_), "\r\n\r\n",
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t head) {
                             if (!ec) self->read_body(head);
                           });
  }

 private:
  void read_body(std::size_t head) {
    std::size_t length = 0;
    std::string lower = in_.substr(0, head);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (auto at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
      length = std::strtoul(lower.c_str() + at + 17, nullptr, 10);
    }
    const std::size_t have = in_.size() - head;
    if (have >= length) return answer(head + length);
    asio::async_read(socket_, asio::dynamic_buffer(in_), asio::transfer_exactly(length - have),
                     [self = shared_from_this(), head, length](boost::system::error_code ec, std::size_t) {
                       if (!ec) self->answer(head + length);
                     });
  }

  void answer(std::size_t consumed) {
    arrival_ = clock_type::now();
    in_.erase(0, consumed);
    out_ = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    write([](connection& c) {
      c.timer_.expires_at(c.arrival_ + c.settings_.ttft);
      c.timer_.async_wait([self = c.shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->send_first();
      });
    });
  }

  void send_first() {
    out_ = chunk(event);
    const auto sent = clock_type::now();
    if (!first_arrival_) first_arrival_ = arrival_;
    if (arrival_ >= *first_arrival_ + settings_.warmup) {
      samples_ms_.push_back(std::chrono::duration<double, std::milli>(sent - arrival_).count());
    }
    left_ = settings_.events - 1;
    write([](connection& c) { c.send_rest(); });
  }

  void send_rest() {
    if (left_ <= 0) {
      out_ = chunk("data: [DONE]\n\n") + "0\r\n\r\n";
      return write([](connection& c) { c.read_request(); });
    }
    timer_.expires_after(settings_.gap * settings_.batch);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      const int n = std::min(self->settings_.batch, self->left_);
      std::string body;
      for (int i = 0; i < n; ++i) body += event;
      self->left_ -= n;
      self->out_ = chunk(body);
      self->write([](connection& c) { c.send_rest(); });
    });
  }

  // Writes out_, then calls next (one write in flight at a time).
  template <class Next>
  void write(Next next) {
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), next](boost::system::error_code ec, std::size_t) {
      if (!ec) next(*self);
    });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  const settings& settings_;
  std::vector<double>& samples_ms_;
  std::optional<clock_type::time_point>& first_arrival_;
  std::string in_, out_;
  clock_type::time_point arrival_;
  int left_ = 0;
};

void accept(tcp::acceptor& acceptor, const settings& s, std::vector<double>& samples,
            std::optional<clock_type::time_point>& first) {
  acceptor.async_accept([&acceptor, &s, &samples, &first](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<connection>(std::move(socket), s, samples, first)->read_request();
    accept(acceptor, s, samples, first);
  });
}

// The value at rank ceil(q/100 x n) of sorted values (as hdr_histogram counts ranks); 0 when empty.
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(q / 100 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void write_stats(std::vector<double> samples, const settings& s) {
  std::sort(samples.begin(), samples.end());
  const double ttft_ms = std::chrono::duration<double, std::milli>(s.ttft).count();
  std::ofstream out(s.stats);
  out << "{\"count\": " << samples.size();
  for (auto [name, q] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p99", 99.0}, {"p999", 99.9}}) {
    out << ", \"" << name << "\": " << percentile(samples, q) << ", \"late_" << name
        << "\": " << percentile(samples, q) - ttft_ms;
  }
  out << ", \"max\": " << (samples.empty() ? 0.0 : samples.back()) << "}\n";
  if (!out) std::fprintf(stderr, "sse_origin: cannot write %s\n", s.stats.c_str());
}

int usage(const char* why) {
  std::fprintf(stderr, "sse_origin: %s\nusage: sse_origin --port P [--ttft-ms 1] [--events 10] [--gap-ms 50] "
                       "[--batch 1] [--warmup-ms 0] --stats FILE\n", why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage(("missing value after " + flag).c_str());
    const char* value = argv[++i];
    char* end = nullptr;
    const double number = std::strtod(value, &end);
    const bool numeric = end != value && *end == '\0' && number >= 0;
    if (flag == "--stats") s.stats = value;
    else if (!numeric) return usage((flag + " takes a non-negative number").c_str());
    else if (flag == "--port") s.port = static_cast<unsigned short>(number);
    else if (flag == "--ttft-ms") s.ttft = std::chrono::microseconds(std::llround(number * 1000));
    else if (flag == "--gap-ms") s.gap = std::chrono::microseconds(std::llround(number * 1000));
    else if (flag == "--warmup-ms") s.warmup = std::chrono::microseconds(std::llround(number * 1000));
    else if (flag == "--events") s.events = std::max(1, static_cast<int>(number));
    else if (flag == "--batch") s.batch = std::max(1, static_cast<int>(number));
    else return usage(("unknown flag " + flag).c_str());
  }
  if (s.port == 0 || s.stats.empty()) return usage("--port and --stats are required");
  asio::io_context io(1);
  tcp::acceptor acceptor(io);
  const tcp::endpoint where(asio::ip::make_address("127.0.0.1"), s.port);
  acceptor.open(where.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(where);
  acceptor.listen(16384);
  std::vector<double> samples;
  samples.reserve(1 << 20);
  std::optional<clock_type::time_point> first_arrival;
  accept(acceptor, s, samples, first_arrival);
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
  std::printf("sse_origin listening on 127.0.0.1:%u\n", static_cast<unsigned>(s.port));
  std::fflush(stdout);
  io.run();
  write_stats(std::move(samples), s);
  return 0;
}
