// The scraping thread: a tick every interval, one round of fetch -> parse -> series per tick.
#include "loadgen/scrape/scraper.hpp"

#include <algorithm>

#include "common/units.hpp"
#include "loadgen/scrape/exposition_parser.hpp"

namespace ragbench::loadgen {

std::chrono::nanoseconds scraper::timeout_for(std::chrono::nanoseconds interval) {
  return std::clamp<std::chrono::nanoseconds>(interval, std::chrono::seconds(1), std::chrono::seconds(10));
}

scraper::scraper(const scrape_spec& spec, metrics_fetch fetch)
    : spec_(spec), fetch_(std::move(fetch)), first_error_(spec.urls.size()), failures_(spec.urls.size(), 0) {
  if (!fetch_) {
    client_ = std::make_unique<metrics_client>();
    fetch_ = [c = client_.get()](const scrape_url& u, std::chrono::nanoseconds t) { return c->fetch(u, t); };
  }
  const auto selectors = effective_series(spec_);
  for (const auto& u : spec_.urls) {
    const bool ipv6 = u.host.find(':') != std::string::npos;
    const std::string instance = (ipv6 ? "[" + u.host + "]" : u.host) + ":" + std::to_string(u.port);
    extractors_.emplace_back(selectors, spec_.urls.size() > 1 ? instance : std::string());
  }
  for (const auto& u : spec_.urls) result_.sources.push_back(u.text);
  result_.interval_s = std::chrono::duration<double>(spec_.interval).count();
}

scraper::~scraper() {
  if (thread_.joinable()) stop();
}

void scraper::start() {
  start_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

server_metrics scraper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (client_) client_->cancel();
  if (thread_.joinable()) thread_.join();
  return result_;
}

void scraper::run() {
  auto next = start_;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    scrape_round(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    next += spec_.interval;
    const auto now = std::chrono::steady_clock::now();
    while (next <= now) next += spec_.interval;  // a slow round skips ticks instead of piling them up
  }
}

void scraper::scrape_round(double t_s) {
  const auto timeout = timeout_for(spec_.interval);
  for (std::size_t i = 0; i < spec_.urls.size(); ++i) {
    fetch_result got = fetch_(spec_.urls[i], timeout);
    {
      std::lock_guard lock(mutex_);
      if (stopping_ && !got.ok) return;  // abandoned by stop(): neither a scrape nor a failure
    }
    ++result_.scrapes;
    std::string why = got.error;
    if (got.ok) {
      auto parsed = parse_exposition(got.body);
      if (auto* e = std::get_if<exposition>(&parsed)) {
        add(t_s, extractors_[i].observe(t_s, *e));
        continue;
      }
      why = "not Prometheus text: " + std::get<exposition_error>(parsed).what();
    }
    ++result_.failed_scrapes;
    ++failures_[i];
    if (first_error_[i].empty()) first_error_[i] = why;
  }
}

void scraper::add(double t_s, const std::vector<series_point>& points) {
  for (const auto& p : points) {
    auto [it, fresh] = index_.emplace(p.name, result_.series.size());
    if (fresh) result_.series.push_back({p.name, p.unit, {}});
    result_.series[it->second].points.emplace_back(t_s, p.value);
  }
}

std::vector<std::string> scraper::warnings() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < spec_.urls.size(); ++i) {
    if (failures_[i] > 0)
      out.push_back("scrape " + spec_.urls[i].text + ": " + std::to_string(failures_[i]) + " failed, the first: " +
                    first_error_[i]);
  }
  // A metric missing from every source: the selector's name is probably wrong for this server. The
  // ragserver defaults are named only when none of them appeared (another kind of server).
  if (result_.scrapes > result_.failed_scrapes) {
    const auto selectors = effective_series(spec_);
    const std::size_t defaults = spec_.ragserver_defaults ? ragserver_default_series().size() : 0;
    auto seen_anywhere = [&](std::size_t i) {
      for (const auto& e : extractors_)
        if (e.seen(i)) return true;
      return false;
    };
    std::string listed, default_list;
    bool any_default = false;
    for (std::size_t i = 0; i < selectors.size(); ++i) {
      if (seen_anywhere(i)) {
        any_default = any_default || i < defaults;
        continue;
      }
      std::string& list = i < defaults ? default_list : listed;
      list += (list.empty() ? "" : ", ") + selectors[i].metric;
    }
    if (!listed.empty()) out.push_back("scrape: no such metric in any scrape: " + listed);
    if (defaults > 0 && !any_default)
      out.push_back("scrape: none of the ragserver default series' metrics appeared (" + default_list +
                    "); name the series to keep with scrape: {series: [...]}");
  }
  for (const auto& e : extractors_)
    if (e.truncated()) {
      out.push_back("scrape: more than " + std::to_string(max_series_per_source) +
                    " series from one source; the rest were left out (narrow 'by' or 'match')");
      break;
    }
  return out;
}

}  // namespace ragbench::loadgen
