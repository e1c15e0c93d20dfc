// Random bearer tokens and their stored hashes (libsodium).
#include "server/auth/session_tokens.hpp"

#include <sodium.h>

#include <stdexcept>

namespace ragbench::server {
namespace {

constexpr std::size_t k_token_bytes = 32;
constexpr std::size_t k_token_chars = 43;  // base64 of 32 bytes, unpadded

}  // namespace

std::string new_session_token() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium: sodium_init failed");
  unsigned char raw[k_token_bytes];
  randombytes_buf(raw, sizeof raw);
  char text[sodium_base64_ENCODED_LEN(k_token_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  return std::string(text);
}

std::string session_token_hash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool looks_like_session_token(std::string_view token) {
  if (token.size() != k_token_chars) return false;
  for (unsigned char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace ragbench::server
