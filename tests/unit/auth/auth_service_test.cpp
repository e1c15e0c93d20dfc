// Password hashing, tokens and the auth service over a real (memory) store, with the cheapest
// Argon2id costs so the tests stay fast, and a fake wall clock for expiry.
#include <catch2/catch.hpp>

#include <set>

#include "server/auth/auth_mode.hpp"
#include "server/auth/auth_service.hpp"
#include "server/auth/session_tokens.hpp"
#include "server/store/memory/memory_store.hpp"

using namespace ragbench::server;

namespace {

constexpr password_costs cheap{1, 8192};

}  // namespace

TEST_CASE("password_hasher: Argon2id strings that verify only the right password", "[auth]") {
  password_hasher h(cheap);
  const std::string stored = h.hash("correct horse");
  CHECK(stored.rfind("$argon2id$", 0) == 0);
  CHECK(stored != h.hash("correct horse"));  // a fresh salt each time
  CHECK(h.verify(stored, "correct horse"));
  CHECK_FALSE(h.verify(stored, "correct horsE"));
  CHECK_FALSE(h.verify("not a hash", "correct horse"));
  CHECK_FALSE(h.verify("", "correct horse"));
  CHECK_FALSE(h.verify_unknown_user("correct horse"));
  CHECK_FALSE(h.needs_rehash(stored));
  CHECK(password_hasher(password_costs{2, 8192}).needs_rehash(stored));
  CHECK_THROWS_AS(password_hasher(password_costs{0, 8192}), std::invalid_argument);
  CHECK_THROWS_AS(password_hasher(password_costs{1, 10}), std::invalid_argument);
}

TEST_CASE("session tokens: 256 random bits as base64url, stored as SHA-256", "[auth]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = new_session_token();
    CHECK(looks_like_session_token(t));
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  const auto t = *seen.begin();
  CHECK(session_token_hash(t) == session_token_hash(t));
  CHECK(session_token_hash(t).size() == 64);
  CHECK(session_token_hash(t) != session_token_hash(*seen.rbegin()));
  // SHA-256("abc"), FIPS 180-2's example.
  CHECK(session_token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_FALSE(looks_like_session_token("short"));
  CHECK_FALSE(looks_like_session_token(std::string(43, '!')));
}

TEST_CASE("auth_service: register, login, authenticate, expire, logout", "[auth]") {
  auto store = open_memory_store();
  std::int64_t now_ms = 1'000'000;
  auth_service auth(store->users(), store->sessions(), auth_options{cheap, std::chrono::minutes(10)},
                    [&] { return now_ms; });

  auto alice = auth.register_user("alice", "correct-horse-1");
  REQUIRE(alice);
  CHECK(alice->password_hash.find("correct-horse-1") == std::string::npos);
  CHECK_FALSE(auth.register_user("alice", "another-password"));  // taken

  CHECK_FALSE(auth.login("alice", "wrong-password"));
  CHECK_FALSE(auth.login("nobody", "correct-horse-1"));
  auto issued = auth.login("alice", "correct-horse-1");
  REQUIRE(issued);
  CHECK(issued->user_id == alice->id);
  CHECK(issued->expires_at_ms == now_ms + 10 * 60 * 1000);
  CHECK(auth.authenticate(issued->token) == alice->id);
  CHECK_FALSE(store->sessions().find(issued->token));  // only the hash is stored
  CHECK(store->sessions().find(session_token_hash(issued->token)));
  CHECK_FALSE(auth.authenticate("x"));
  CHECK_FALSE(auth.authenticate(new_session_token()));

  SECTION("a token expires after the TTL, and the next login purges it") {
    now_ms += 10 * 60 * 1000 - 1;
    CHECK(auth.authenticate(issued->token) == alice->id);
    now_ms += 1;
    CHECK_FALSE(auth.authenticate(issued->token));
    REQUIRE(auth.login("alice", "correct-horse-1"));
    CHECK_FALSE(store->sessions().find(session_token_hash(issued->token)));
  }
  SECTION("logout ends only that session") {
    auto second = auth.login("alice", "correct-horse-1");
    REQUIRE(second);
    CHECK(auth.logout(issued->token));
    CHECK_FALSE(auth.logout(issued->token));
    CHECK_FALSE(auth.authenticate(issued->token));
    CHECK(auth.authenticate(second->token) == alice->id);
  }
}

TEST_CASE("usernames and auth modes", "[auth]") {
  CHECK(username_problem("alice@example.com").empty());
  CHECK(username_problem("a.b_c-d").empty());
  CHECK_FALSE(username_problem("ab").empty());
  CHECK_FALSE(username_problem(std::string(65, 'a')).empty());
  CHECK_FALSE(username_problem("has space").empty());
  CHECK_FALSE(username_problem("semi;colon").empty());
  CHECK(parse_auth_mode("required") == auth_mode::required);
  CHECK(parse_auth_mode("optional") == auth_mode::optional);
  CHECK(parse_auth_mode("off") == auth_mode::off);
  CHECK_FALSE(parse_auth_mode("on"));
  CHECK(to_string(auth_mode::optional) == "optional");
}

TEST_CASE("auth_service: one anonymous user, created once, that nobody can register or log in as", "[auth]") {
  auto store = open_memory_store();
  auth_service a(store->users(), store->sessions(), auth_options{cheap, std::chrono::hours(1)});
  CHECK_FALSE(username_problem(anonymous_username).empty());  // the routes refuse to register it
  const auto id = a.anonymous_user();
  CHECK(id != 0);
  CHECK(a.anonymous_user() == id);
  // A second service over the same store (another instance) finds the same user.
  auth_service other(store->users(), store->sessions(), auth_options{cheap, std::chrono::hours(1)});
  CHECK(other.anonymous_user() == id);
  CHECK_FALSE(a.login(std::string(anonymous_username), "anything"));
  CHECK_FALSE(a.login(std::string(anonymous_username), ""));
  REQUIRE(a.register_user("alice", "correct horse"));
  CHECK(a.anonymous_user() == id);
}
