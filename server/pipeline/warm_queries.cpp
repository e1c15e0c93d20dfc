// read_warm_queries: line-oriented parsing with file:line errors.
#include "server/pipeline/warm_queries.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "common/json_text.hpp"

namespace ragbench::server {
namespace {

constexpr std::uintmax_t k_max_file_bytes = 64ull * 1024 * 1024;
constexpr std::size_t k_max_queries = 100'000;
constexpr std::size_t k_min_query = 3, k_max_query = 1000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<warm_query> read_warm_queries(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw std::invalid_argument(path + ": cannot read the file: no such file");
  if (!std::filesystem::is_regular_file(status)) throw std::invalid_argument(path + ": not a regular file");
  if (std::filesystem::file_size(path, ec) > k_max_file_bytes) {
    throw std::invalid_argument(path + ": larger than 64 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot open the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::vector<warm_query> out;
  std::string_view rest = text;
  for (std::size_t line = 1; !rest.empty(); ++line) {
    const auto eol = rest.find('\n');
    const std::string_view raw = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    const auto q = trim(raw);
    if (q.empty() || q.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(line) + ": ";
    if (!is_valid_utf8(q)) throw std::invalid_argument(where + "not valid UTF-8");
    if (q.size() < k_min_query || q.size() > k_max_query) {
      throw std::invalid_argument(where + "a query must be 3 to 1000 bytes long, got " + std::to_string(q.size()));
    }
    if (out.size() == k_max_queries) throw std::invalid_argument(where + "more than 100000 queries");
    out.push_back({std::string(q), line});
  }
  if (out.empty()) throw std::invalid_argument(path + ": no queries (empty lines and # comments only)");
  return out;
}

}  // namespace ragbench::server
