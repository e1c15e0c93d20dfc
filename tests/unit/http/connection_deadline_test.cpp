// connection_deadline, the one timer both connection kinds use: a deadline that passed expires
// once, one moved later or cleared does not, an earlier one re-arms at once, on_expired may set
// the next deadline (the 408 answer and the GOAWAY do), and cancel() lets the owner go. Deadlines
// are either already passed or an hour away, so no assertion depends on how fast the machine is;
// the run_for bounds only keep a broken build from hanging.
#include "server/http/connection_deadline.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace ragbench::server;
using namespace std::chrono_literals;

namespace {

struct deadline_fixture {
  deadline_fixture() {
    deadline.start(owner, [this] {
      ++expired;
      if (on_expired) on_expired();
    });
  }
  static connection_deadline::clock::time_point passed() { return connection_deadline::clock::now() - 1ms; }
  static connection_deadline::clock::time_point in_an_hour() { return connection_deadline::clock::now() + 1h; }
  // Runs completions until `expired` reaches `n` or the io_context has nothing left to do.
  void run_until_expired(int n) {
    for (int i = 0; i < 20 && expired < n; ++i) {
      if (io.run_one_for(5s) == 0) break;
    }
  }

  boost::asio::io_context io;
  std::shared_ptr<int> owner = std::make_shared<int>(0);
  connection_deadline deadline{io};
  int expired = 0;
  std::function<void()> on_expired;
};

}  // namespace

TEST_CASE("a deadline that passed expires once", "[http][deadline]") {
  deadline_fixture f;
  f.deadline.set(f.passed());
  f.io.run_for(10s);  // returns once nothing is pending
  CHECK(f.expired == 1);
  CHECK(f.owner.use_count() == 1);  // no wait left holding the owner
}

TEST_CASE("a deadline moved later before it passed does not expire: the wait re-arms for it", "[http][deadline]") {
  deadline_fixture f;
  f.deadline.set(f.passed());   // arms the timer
  auto later = f.in_an_hour();
  f.deadline.set(later);        // only recorded: the armed wait picks it up when it fires
  REQUIRE(f.io.run_one_for(10s) == 1);
  CHECK(f.expired == 0);
  CHECK(f.deadline.at() == later);
  CHECK(f.owner.use_count() == 2);  // the re-armed wait holds the owner
  f.deadline.cancel();
  f.io.run_for(10s);
  CHECK(f.expired == 0);
  CHECK(f.owner.use_count() == 1);
}

TEST_CASE("a cleared deadline does not expire", "[http][deadline]") {
  deadline_fixture f;
  f.deadline.set(f.passed());
  f.deadline.clear();
  f.io.run_for(10s);
  CHECK(f.expired == 0);
  CHECK(f.deadline.at() == connection_deadline::none);
}

TEST_CASE("a deadline earlier than the armed one re-arms at once", "[http][deadline]") {
  deadline_fixture f;
  f.deadline.set(f.in_an_hour());
  f.deadline.set(f.passed());
  f.run_until_expired(1);
  CHECK(f.expired == 1);
  f.io.run_for(10s);  // the hour-long wait was replaced, not left pending
  CHECK(f.expired == 1);
  CHECK(f.owner.use_count() == 1);
}

// The HTTP/1.1 408 answer and the HTTP/2 GOAWAY are sent from on_expired and set the write (then
// linger) deadline there; that deadline used to be recorded but never armed.
TEST_CASE("a deadline set from on_expired is armed and expires too", "[http][deadline]") {
  deadline_fixture f;
  f.on_expired = [&f] {
    if (f.expired == 1) f.deadline.set(f.passed());
  };
  f.deadline.set(f.passed());
  f.run_until_expired(2);
  CHECK(f.expired == 2);
}

TEST_CASE("after cancel nothing expires and the owner is let go", "[http][deadline]") {
  deadline_fixture f;
  f.deadline.set(f.passed());
  f.deadline.cancel();
  f.deadline.set(f.passed());  // a late set() from a completion already queued: ignored
  f.io.run_for(10s);
  CHECK(f.expired == 0);
  CHECK(f.owner.use_count() == 1);
}
