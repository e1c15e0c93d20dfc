#pragma once
// Password hashing with libsodium's Argon2id (crypto_pwhash_str): a random salt per password, the
// algorithm, its costs and the salt encoded into the stored string, so a stored hash verifies
// even after the costs change (needs_rehash tells that it was made with other costs).
//
// Costs: the defaults are libsodium's "interactive" level, crypto_pwhash_OPSLIMIT_INTERACTIVE (2
// passes) and crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB): one hash or verify takes ~85 ms of
// one core on the reference machine and 64 MiB of memory while it runs, so N concurrent logins
// need N x 64 MiB. Run it on the compute pool, never on an I/O thread.
//
// Timing: verify_unknown_user() checks the password against a dummy hash made with the same costs
// at construction, so a login for a username that does not exist costs what a real check costs
// and the answer time does not tell which usernames exist.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ragbench::server {

struct password_costs {
  std::uint64_t opslimit = 2;                  // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memlimit_bytes = 64ull << 20;    // crypto_pwhash_MEMLIMIT_INTERACTIVE
};

// Thread-safe (const; libsodium's functions are reentrant).
class password_hasher {
 public:
  // Initialises libsodium and makes the dummy hash. Throws std::invalid_argument when the costs
  // are outside libsodium's bounds (opslimit 1..4294967295, memlimit 8 KiB..4 TiB), and
  // std::runtime_error when libsodium cannot initialise or allocate the memory.
  explicit password_hasher(password_costs costs = {});

  // The crypto_pwhash_str string for `password` (at most crypto_pwhash_STRBYTES - 1 characters).
  // Throws std::runtime_error when the memory cannot be allocated.
  std::string hash(std::string_view password) const;
  // True when `password` matches `stored` (a crypto_pwhash_str string). A malformed `stored`
  // gives false.
  bool verify(std::string_view stored, std::string_view password) const;
  // Does the work of verify() against the dummy hash and returns false.
  bool verify_unknown_user(std::string_view password) const;
  // True when `stored` was made with other costs (or another algorithm) than this hasher's.
  bool needs_rehash(std::string_view stored) const;

  const password_costs& costs() const { return costs_; }

 private:
  password_costs costs_;
  std::string dummy_;
};

}  // namespace ragbench::server
