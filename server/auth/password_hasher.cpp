// Argon2id through libsodium's crypto_pwhash_str API.
#include "server/auth/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

namespace ragbench::server {

password_hasher::password_hasher(password_costs costs) : costs_(costs) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium: sodium_init failed");
  if (costs_.opslimit < crypto_pwhash_OPSLIMIT_MIN || costs_.opslimit > crypto_pwhash_OPSLIMIT_MAX)
    throw std::invalid_argument("password opslimit must be from " + std::to_string(crypto_pwhash_OPSLIMIT_MIN) +
                                " to " + std::to_string(crypto_pwhash_OPSLIMIT_MAX));
  if (costs_.memlimit_bytes < crypto_pwhash_MEMLIMIT_MIN || costs_.memlimit_bytes > crypto_pwhash_MEMLIMIT_MAX)
    throw std::invalid_argument("password memlimit must be from " + std::to_string(crypto_pwhash_MEMLIMIT_MIN) +
                                " bytes to " + std::to_string(crypto_pwhash_MEMLIMIT_MAX) + " bytes");
  dummy_ = hash("not a password anyone has: the unknown-user check");
}

std::string password_hasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), costs_.opslimit, costs_.memlimit_bytes) != 0)
    throw std::runtime_error("password hashing failed: out of memory for Argon2id (" +
                             std::to_string(costs_.memlimit_bytes >> 20) + " MiB)");
  return std::string(out);
}

bool password_hasher::verify(std::string_view stored, std::string_view password) const {
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(stored);  // crypto_pwhash_str_verify reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool password_hasher::verify_unknown_user(std::string_view password) const {
  (void)verify(dummy_, password);
  return false;
}

bool password_hasher::needs_rehash(std::string_view stored) const {
  const std::string terminated(stored);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), costs_.opslimit, costs_.memlimit_bytes) != 0;
}

}  // namespace ragbench::server
