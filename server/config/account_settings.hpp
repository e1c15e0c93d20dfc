#pragma once
// The settings rows of users, sessions and conversations (seed 004): auth, token_ttl, the
// Argon2id costs and context_tokens. Appended to the one settings table by setting_table.cpp.
#include <vector>

#include "server/config/setting_table.hpp"

namespace ragbench::server {

void add_account_settings(std::vector<setting>& table);

}  // namespace ragbench::server
