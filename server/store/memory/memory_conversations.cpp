// Conversations and their messages in the memory store's account tables.
#include "server/store/memory/memory_conversations.hpp"

#include <mutex>
#include <stdexcept>

#include "server/store/user_validation.hpp"

namespace ragbench::server {
namespace {

using message_map = std::map<std::pair<std::uint64_t, std::uint64_t>, conversation_message>;

std::pair<message_map::iterator, message_map::iterator> messages_of(message_map& m, std::uint64_t conversation_id) {
  return {m.lower_bound({conversation_id, 0}), m.lower_bound({conversation_id + 1, 0})};
}

}  // namespace

void memory_conversations::create(conversation& c) {
  prepare_new_conversation(c);
  std::unique_lock lock(tables_->mutex);
  if (tables_->users.count(c.user_id) == 0)
    throw std::invalid_argument("create_conversation: no user " + std::to_string(c.user_id));
  c.id = tables_->next_conversation_id++;
  tables_->conversations.emplace(c.id, c);
}

std::optional<conversation> memory_conversations::get(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->conversations.find(id);
  if (it == tables_->conversations.end() || it->second.user_id != user_id) return std::nullopt;
  return it->second;
}

conversation_page memory_conversations::list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) {
  validate_owner(user_id);
  validate_conversation_limit(limit);
  conversation_page page;
  std::shared_lock lock(tables_->mutex);
  auto& all = tables_->conversations;
  auto end = before_id == 0 ? all.end() : all.lower_bound(before_id);
  for (auto it = std::make_reverse_iterator(end); it != all.rend(); ++it) {
    if (it->second.user_id != user_id) continue;
    if (page.conversations.size() == limit) {
      page.next_cursor = page.conversations.back().id;
      break;
    }
    page.conversations.push_back(it->second);
  }
  return page;
}

bool memory_conversations::remove(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  std::unique_lock lock(tables_->mutex);
  auto it = tables_->conversations.find(id);
  if (it == tables_->conversations.end() || it->second.user_id != user_id) return false;
  tables_->conversations.erase(it);
  auto [first, last] = messages_of(tables_->messages, id);
  tables_->messages.erase(first, last);
  return true;
}

bool memory_conversations::add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) {
  validate_owner(user_id);
  prepare_new_message(m, conversation_id);
  std::unique_lock lock(tables_->mutex);
  auto it = tables_->conversations.find(conversation_id);
  if (it == tables_->conversations.end() || it->second.user_id != user_id) return false;
  m.id = tables_->next_message_id++;
  tables_->messages.emplace(std::make_pair(conversation_id, m.id), m);
  it->second.updated_at_ms = m.created_at_ms;
  ++it->second.message_count;
  return true;
}

std::vector<conversation_message> memory_conversations::messages(std::uint64_t user_id, std::uint64_t conversation_id,
                                                                 std::size_t limit) {
  validate_owner(user_id);
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->conversations.find(conversation_id);
  if (it == tables_->conversations.end() || it->second.user_id != user_id) return {};
  auto [first, last] = messages_of(tables_->messages, conversation_id);
  std::vector<conversation_message> out;
  for (auto m = first; m != last; ++m) out.push_back(m->second);
  if (limit != 0 && out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  return out;
}

}  // namespace ragbench::server
