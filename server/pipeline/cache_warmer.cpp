// cache_warmer: a bounded number of answers in flight; each completion posts the next launch (no
// recursion when answers complete synchronously from a cache).
#include "server/pipeline/cache_warmer.hpp"

#include <boost/asio/post.hpp>

namespace ragbench::server {

cache_warmer::cache_warmer(answer_service& answers, readiness& ready, std::vector<warm_query> queries, std::size_t k,
                           std::size_t concurrency, boost::asio::any_io_executor executor)
    : answers_(answers),
      ready_(ready),
      queries_(std::move(queries)),
      k_(k),
      concurrency_(concurrency == 0 ? 1 : concurrency),
      executor_(std::move(executor)) {
  ready_.set_pending(std::string(k_state), "0 of " + std::to_string(queries_.size()) + " queries answered");
}

void cache_warmer::start(std::function<void(const warm_report&)> done) {
  done_ = std::move(done);
  started_ = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < concurrency_; ++i) boost::asio::post(executor_, [this] { launch_next(); });
}

void cache_warmer::launch_next() {
  std::size_t index = 0;
  bool last = false;
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    if (stopping_.load() || next_ >= queries_.size()) {
      if (in_flight_ > 0) return;  // a completion to come launches again and finishes
      finished_ = last = true;
    } else {
      index = next_++;
      ++in_flight_;
    }
  }
  if (last) return finish();
  answer_request req;
  req.query = queries_[index].text;
  req.k = k_;
  answers_.answer(req, executor_, [this](std::optional<answer_result> r) { on_answered(r.has_value()); });
}

void cache_warmer::on_answered(bool ok) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
    (ok ? answered_ : failed_) += 1;
    if ((answered_ + failed_) % 16 == 0) {
      ready_.set_pending(std::string(k_state), std::to_string(answered_ + failed_) + " of " +
                                                   std::to_string(queries_.size()) + " queries answered");
    }
  }
  boost::asio::post(executor_, [this] { launch_next(); });
}

void cache_warmer::finish() {
  warm_report report;
  {
    std::lock_guard lock(mutex_);
    report.total = queries_.size();
    report.answered = answered_;
    report.failed = failed_;
    report.stopped = answered_ + failed_ < queries_.size();
  }
  report.elapsed = std::chrono::steady_clock::now() - started_;
  ready_.done(std::string(k_state));
  if (done_) done_(report);
}

}  // namespace ragbench::server
