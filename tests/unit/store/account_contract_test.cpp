// The users, sessions and conversations contract, written once and run over every store strategy
// the factory knows (memory, sqlite, postgres).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "server/pool/pooled_backend.hpp"
#include "server/store/store_factory.hpp"
#include "store_options_for.hpp"

using namespace ragbench::server;
using ragbench::test::temp_dir;

namespace {

user make_user(const std::string& name) {
  user u;
  u.username = name;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  return u;
}

conversation_message make_message(const std::string& role, const std::string& content, std::int64_t at_ms = 0) {
  conversation_message m;
  m.role = role;
  m.content = content;
  m.created_at_ms = at_ms;
  return m;
}

}  // namespace

TEST_CASE("every store keeps users, sessions and conversations", "[store][contract][accounts]") {
  const std::string name(GENERATE(from_range(store_strategy_names())));
  INFO("store " << name);
  temp_dir dir;
  auto store = make_store(ragbench::test::store_options_for(name, dir));
  auto no_leaks = [&] {
    if (auto* pooled = store->pooled()) {
      for (const auto& p : pooled->pools()) CHECK(p.in_use == 0);
    }
  };
  user alice = make_user("alice");
  REQUIRE(store->users().create(alice));
  REQUIRE(alice.id > 0);
  user bob = make_user("bob");
  REQUIRE(store->users().create(bob));
  REQUIRE(bob.id != alice.id);

  SECTION("usernames are unique and found by exact name") {
    user again = make_user("alice");
    CHECK_FALSE(store->users().create(again));
    CHECK(again.id == 0);
    auto found = store->users().find_by_name("alice");
    REQUIRE(found);
    CHECK(found->id == alice.id);
    CHECK(found->password_hash == alice.password_hash);
    CHECK(found->created_at_ms > 0);
    CHECK_FALSE(store->users().find_by_name("Alice"));
    CHECK_FALSE(store->users().find_by_name("nobody"));
    CHECK(store->users().get(bob.id)->username == "bob");
    CHECK_FALSE(store->users().get(9999));
    user empty = make_user("");
    CHECK_THROWS_AS(store->users().create(empty), std::invalid_argument);
  }

  SECTION("concurrent registrations of one name: exactly one wins") {
    std::atomic<int> won{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        user u = make_user("carol");
        if (store->users().create(u)) ++won;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(won == 1);
  }

  SECTION("sessions by token hash, removed on logout, purged when expired") {
    store->sessions().create(session{"hash-a", alice.id, 1000, 5000});
    store->sessions().create(session{"hash-b", bob.id, 1000, 9000});
    auto a = store->sessions().find("hash-a");
    REQUIRE(a);
    CHECK(a->user_id == alice.id);
    CHECK(a->created_at_ms == 1000);
    CHECK(a->expires_at_ms == 5000);
    CHECK_FALSE(store->sessions().find("hash-c"));
    CHECK(store->sessions().remove_expired(5000) == 1);  // expires_at <= now is expired
    CHECK_FALSE(store->sessions().find("hash-a"));
    CHECK(store->sessions().find("hash-b"));
    CHECK(store->sessions().remove("hash-b"));
    CHECK_FALSE(store->sessions().remove("hash-b"));
    CHECK_FALSE(store->sessions().find("hash-b"));
    CHECK_THROWS_AS(store->sessions().create(session{"hash-x", 9999, 1, 2}), std::invalid_argument);
    CHECK_THROWS_AS(store->sessions().create(session{"", alice.id, 1, 2}), std::invalid_argument);
  }

  SECTION("conversations are listed per user, newest first, in cursor pages") {
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 5; ++i) {
      conversation c{0, alice.id, "chat " + std::to_string(i)};
      store->conversations().create(c);
      REQUIRE(c.id > 0);
      CHECK(c.created_at_ms > 0);
      CHECK(c.updated_at_ms == c.created_at_ms);
      ids.push_back(c.id);
      conversation other{0, bob.id, "bob's"};
      store->conversations().create(other);
    }
    auto first = store->conversations().list(alice.id, 0, 2);
    REQUIRE(first.conversations.size() == 2);
    CHECK(first.conversations[0].id == ids[4]);
    CHECK(first.conversations[1].id == ids[3]);
    CHECK(first.conversations[0].title == "chat 4");
    REQUIRE(first.next_cursor);
    auto second = store->conversations().list(alice.id, *first.next_cursor, 2);
    REQUIRE(second.conversations.size() == 2);
    CHECK(second.conversations[0].id == ids[2]);
    auto last = store->conversations().list(alice.id, *second.next_cursor, 2);
    REQUIRE(last.conversations.size() == 1);
    CHECK(last.conversations[0].id == ids[0]);
    CHECK_FALSE(last.next_cursor);
    for (const auto& c : store->conversations().list(bob.id, 0, 100).conversations) CHECK(c.user_id == bob.id);
    CHECK(store->conversations().list(bob.id, 0, 100).conversations.size() == 5);
    CHECK_THROWS_AS(store->conversations().list(alice.id, 0, 0), std::invalid_argument);
    conversation orphan{0, 9999, "nobody's"};
    CHECK_THROWS_AS(store->conversations().create(orphan), std::invalid_argument);
  }

  SECTION("messages: appended in order, last N oldest first, owner only, deleted with the conversation") {
    conversation c{0, alice.id, "with messages"};
    store->conversations().create(c);
    for (int i = 0; i < 4; ++i) {
      auto m = make_message(i % 2 ? "assistant" : "user", "turn " + std::to_string(i), c.created_at_ms + 10 + i);
      REQUIRE(store->conversations().add_message(alice.id, c.id, m));
      CHECK(m.id > 0);
      CHECK(m.conversation_id == c.id);
    }
    auto all = store->conversations().messages(alice.id, c.id);
    REQUIRE(all.size() == 4);
    CHECK(all[0].content == "turn 0");
    CHECK(all[0].role == "user");
    CHECK(all[3].content == "turn 3");
    CHECK(all[3].role == "assistant");
    CHECK(all[0].id < all[3].id);
    auto tail = store->conversations().messages(alice.id, c.id, 2);
    REQUIRE(tail.size() == 2);
    CHECK(tail[0].content == "turn 2");
    CHECK(tail[1].content == "turn 3");
    auto got = store->conversations().get(alice.id, c.id);
    REQUIRE(got);
    CHECK(got->message_count == 4);
    CHECK(got->updated_at_ms == c.created_at_ms + 13);

    // Another user sees nothing and can change nothing.
    CHECK_FALSE(store->conversations().get(bob.id, c.id));
    CHECK(store->conversations().messages(bob.id, c.id).empty());
    auto intruder = make_message("user", "hi");
    CHECK_FALSE(store->conversations().add_message(bob.id, c.id, intruder));
    CHECK_FALSE(store->conversations().remove(bob.id, c.id));
    CHECK(store->conversations().messages(alice.id, c.id).size() == 4);

    auto bad_role = make_message("system", "x");
    CHECK_THROWS_AS(store->conversations().add_message(alice.id, c.id, bad_role), std::invalid_argument);

    CHECK(store->conversations().remove(alice.id, c.id));
    CHECK_FALSE(store->conversations().get(alice.id, c.id));
    CHECK(store->conversations().messages(alice.id, c.id).empty());
    auto late = make_message("assistant", "too late");
    CHECK_FALSE(store->conversations().add_message(alice.id, c.id, late));
    CHECK_FALSE(store->conversations().remove(alice.id, c.id));
  }
  no_leaks();
}
