// dev_corpus: count the lines, then create and index one document per line.
#include "server/app/dev_corpus.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

dev_corpus::dev_corpus(document_store& store, indexing_jobs& jobs, std::string path, const logger& log)
    : store_(store), jobs_(jobs), path_(std::move(path)), log_(log) {}

dev_corpus::~dev_corpus() { stop(); }

std::string dev_corpus::default_path() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "corpus/documents.jsonl";
  return (exe.parent_path().parent_path() / "corpus" / "documents.jsonl").string();
}

void dev_corpus::start() {
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void dev_corpus::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

dev_corpus::status dev_corpus::current() const {
  std::lock_guard lock(mutex_);
  status s = status_;
  if (!s.done) s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return s;
}

void dev_corpus::run() {
  auto finish = [this](std::string error) {
    std::lock_guard lock(mutex_);
    status_.done = true;
    status_.error = std::move(error);
    status_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  };
  std::ifstream in(path_);
  if (!in) {
    log_.error("--dev: cannot read the sample corpus " + path_ + " (build it with the default target, or give --dev-corpus)");
    return finish("cannot read " + path_);
  }
  std::size_t total = 0;
  for (std::string line; std::getline(in, line);) total += !line.empty();
  {
    std::lock_guard lock(mutex_);
    status_.total = total;
  }
  in.clear();
  in.seekg(0);
  std::size_t line_no = 0;
  for (std::string line; !stopping_ && std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    try {
      auto j = nlohmann::json::parse(line);
      document doc;
      doc.title = j.at("title").get<std::string>();
      doc.content = j.at("content").get<std::string>();
      doc.content_type = "text/plain";
      doc.metadata_json = "{\"source\":\"dev corpus\"}";
      doc.created_at_ms = unix_now_ms();
      if (doc.title.empty() || doc.content.empty()) throw std::invalid_argument("empty title or content");
      jobs_.run_now(store_.documents().create(doc));
    } catch (const std::exception& e) {
      log_.error("--dev: " + path_ + ":" + std::to_string(line_no) + ": " + e.what());
      return finish(path_ + ":" + std::to_string(line_no) + ": " + e.what());
    }
    std::lock_guard lock(mutex_);
    ++status_.loaded;
  }
  finish({});
  const auto s = current();
  if (!stopping_) {
    log_.info("--dev: loaded " + std::to_string(s.loaded) + " documents of the sample corpus in " +
              std::to_string(s.seconds) + " s");
  }
}

}  // namespace ragbench::server
