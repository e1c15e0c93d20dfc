#pragma once
// SIGINT and SIGTERM for the length of one command (run, ab, capacity). The first signal cuts the
// engine run in progress short (engine::request_stop: nothing new starts, requests in flight get a
// quarter of a second) and is remembered, so the command writes the reports of what ran with the
// verdict "interrupted" and exits with exit_code() = 128 + the signal number (130 for SIGINT, 143
// for SIGTERM, as shells report a process stopped by that signal). After the first signal the
// default action is restored: a second Ctrl-C ends the process at once.
// stop_from_web() is the same cut from elsewhere (loadgen run --web: the live page's stop button,
// POST /stop): signal_name() is then "web", the exit code 130 as for Ctrl-C.
// Handlers are installed by the constructor (a boost::asio::signal_set on its own thread) and
// removed by the destructor. attach(), stop_from_web() and the queries are thread-safe.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <mutex>
#include <string>
#include <thread>

namespace ragbench::loadgen {

class engine;

class interrupt_watch {
 public:
  interrupt_watch();
  ~interrupt_watch();
  interrupt_watch(const interrupt_watch&) = delete;
  interrupt_watch& operator=(const interrupt_watch&) = delete;

  // The engine a signal stops (nullptr: none running). When a signal came already, `e` is stopped now.
  void attach(engine* e);
  // Thread-safe: cuts the attached engine's run short as a first SIGINT would (a no-op once interrupted).
  void stop_from_web();
  bool interrupted() const { return signal_.load() != 0; }
  int signal_number() const { return signal_.load(); }  // SIGINT for stop_from_web()
  std::string signal_name() const;  // "SIGINT", "SIGTERM", "web"; "" when not interrupted
  std::string at() const;           // ISO-8601 UTC time of the signal; "" when not interrupted
  int exit_code() const { return 128 + signal_number(); }

 private:
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::thread thread_;
  mutable std::mutex mutex_;
  engine* engine_ = nullptr;
  std::string at_;
  std::atomic<int> signal_{0};
  std::atomic<bool> from_web_{false};
};

}  // namespace ragbench::loadgen
