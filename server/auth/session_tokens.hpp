#pragma once
// Bearer tokens: 32 random bytes from libsodium's randombytes (the OS CSPRNG), written as 43
// characters of unpadded base64url; the store keeps only their SHA-256 (hex), so reading the
// database does not give anyone a usable token, and a lookup is one primary-key read (a token has
// 256 bits of entropy, so an unsalted fast hash is enough: there is nothing to brute-force).
#include <string>
#include <string_view>

namespace ragbench::server {

// A fresh token. Thread-safe.
std::string new_session_token();
// Lower-case hex SHA-256 of `token` (64 characters). Thread-safe.
std::string session_token_hash(std::string_view token);
// True when `token` has the shape new_session_token() makes (43 base64url characters); a
// cheap check before any store lookup.
bool looks_like_session_token(std::string_view token);

}  // namespace ragbench::server
