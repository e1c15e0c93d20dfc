// indexing_jobs: worker threads pop jobs; each job is chunk -> store (one transaction) ->
// publish to index in batches with progress written back to the store.
#include "server/pipeline/indexing_jobs.hpp"

#include <chrono>
#include <exception>
#include <string>

namespace ragbench::server {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Searches wait while a batch is inserted: 256 chunks keep that to a few tens of milliseconds.
constexpr std::size_t publish_batch = 256;

}  // namespace

indexing_jobs::indexing_jobs(corpus& docs, const chunker& split, std::size_t workers, const logger& log)
    : docs_(docs), split_(split), log_(log) {
  if (workers == 0) workers = 1;
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

indexing_jobs::~indexing_jobs() { stop(); }

void indexing_jobs::enqueue(job j) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(j));
  }
  wake_.notify_one();
}

job indexing_jobs::run_now(job j) {
  {
    std::lock_guard lock(mutex_);
    ++running_;
  }
  return execute(std::move(j));
}

std::size_t indexing_jobs::resume_unfinished() {
  auto pending = docs_.store().jobs().unfinished();
  for (auto& j : pending) enqueue(std::move(j));
  return pending.size();
}

void indexing_jobs::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

job_counts indexing_jobs::counts() const {
  std::lock_guard lock(mutex_);
  return {queue_.size(), running_, done_, failed_};
}

void indexing_jobs::work() {
  for (;;) {
    job next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // queued jobs stay queued in the store; resumed at next start
      next = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    execute(std::move(next));
  }
}

job indexing_jobs::execute(job j) {
  auto finish = [&](job_state state, std::string error) {
    j.state = state;
    j.error = std::move(error);
    j.updated_at_ms = now_ms();
    try {
      docs_.store().jobs().update(j);
    } catch (const std::exception& e) {
      log_.error("job " + std::to_string(j.id) + ": could not record final state: " + e.what());
    }
    std::lock_guard lock(mutex_);
    --running_;
    (state == job_state::done ? done_ : failed_) += 1;
  };
  try {
    auto& store = docs_.store();
    j.state = job_state::running;
    j.progress = 0;
    j.updated_at_ms = now_ms();
    store.jobs().update(j);
    auto doc = store.documents().get(j.document_id);
    if (!doc) {
      finish(job_state::failed, "document was deleted before it was indexed");
      return j;
    }
    auto pieces = split_.split_views(doc->content);
    std::vector<chunk> chunks;
    chunks.reserve(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      auto ordinal = static_cast<std::uint32_t>(i);
      chunks.push_back({make_chunk_id(doc->id, ordinal), doc->id, ordinal, std::string(pieces[i])});
    }
    j.total = chunks.size();
    if (!store.chunks().replace(doc->id, chunks)) {
      finish(job_state::failed, "document was deleted while it was being indexed");
      return j;
    }
    for (std::size_t from = 0; from < chunks.size(); from += publish_batch) {
      std::size_t to = std::min(chunks.size(), from + publish_batch);
      docs_.publish_chunks({chunks.begin() + static_cast<std::ptrdiff_t>(from),
                            chunks.begin() + static_cast<std::ptrdiff_t>(to)});
      j.progress = to;
      if (to < chunks.size()) {
        j.updated_at_ms = now_ms();
        store.jobs().update(j);
      }
    }
    // A delete that raced with publishing removed the document from the store: withdraw the
    // chunks published meanwhile so they cannot be found.
    if (!store.documents().get(doc->id)) {
      docs_.unpublish_document(doc->id);
      finish(job_state::failed, "document was deleted while it was being indexed");
      return j;
    }
    finish(job_state::done, {});
  } catch (const std::exception& e) {
    log_.error("job " + std::to_string(j.id) + " failed: " + e.what());
    finish(job_state::failed, e.what());
  }
  return j;
}

}  // namespace ragbench::server
