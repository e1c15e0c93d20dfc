#pragma once
// Reads the target's Prometheus /metrics during a run (`--scrape URL`, `scrape:`): on its own thread,
// every interval from start() (the first round at once, as the baseline of rates), each URL in turn
// is fetched (metrics_client), parsed (exposition_parser) and turned into series points
// (series_extractor) on the run's time axis. It touches nothing of the engine: the load's worker
// threads never wait for it. A failed scrape (refused, timed out, not 200, not parseable) is counted
// and remembered for a warning; it never fails the run. A round that would start while the previous
// one is still running is skipped, not queued.
// Thread-safety: start() and stop() from the controlling thread; scrape_round() is what the thread
// runs (public for tests, which call it with a fake fetch and made-up times instead of the thread).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "loadgen/scenario/scrape_spec.hpp"
#include "loadgen/scrape/metrics_client.hpp"
#include "loadgen/scrape/series_extractor.hpp"
#include "loadgen/stats/server_metrics.hpp"

namespace ragbench::loadgen {

// How one URL is fetched; the default is metrics_client. Tests pass canned answers.
using metrics_fetch = std::function<fetch_result(const scrape_url& url, std::chrono::nanoseconds timeout)>;

class scraper {
 public:
  // `spec` must have at least one URL (scrape_spec::enabled()).
  explicit scraper(const scrape_spec& spec, metrics_fetch fetch = {});
  ~scraper();  // stops the thread if still running
  scraper(const scraper&) = delete;
  scraper& operator=(const scraper&) = delete;

  // Starts the thread; time 0 of the series is now.
  void start();
  // Stops the thread (a fetch in progress is abandoned and not counted) and returns what was scraped.
  server_metrics stop();

  // One round at t_s seconds since the start: every URL once.
  void scrape_round(double t_s);
  // What was scraped so far (stop() returns the same after joining the thread).
  const server_metrics& result() const { return result_; }
  // For the console: per URL the first failure and its count, selectors whose metric never appeared,
  // series left out past the bound. Call after stop().
  std::vector<std::string> warnings() const;

  // The fetch timeout for an interval: the interval, within [1s, 10s].
  static std::chrono::nanoseconds timeout_for(std::chrono::nanoseconds interval);

 private:
  void run();
  void add(double t_s, const std::vector<series_point>& points);

  scrape_spec spec_;
  std::unique_ptr<metrics_client> client_;  // when no fetch was given
  metrics_fetch fetch_;
  std::vector<series_extractor> extractors_;  // one per URL
  std::vector<std::string> first_error_;      // per URL
  std::vector<std::uint64_t> failures_;       // per URL
  std::map<std::string, std::size_t> index_;  // series name -> position in result_.series
  server_metrics result_;

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ragbench::loadgen
