// Validation helpers shared by the stats and report readers.
#include "loadgen/stats/json_checks.hpp"

#include <stdexcept>

namespace ragbench::loadgen::json_checks {

void fail(std::string_view where, const std::string& what) {
  throw std::invalid_argument(std::string(where) + ": " + what);
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, std::string_view where) {
  if (!j.is_object()) fail(where, "expected a JSON object");
  auto it = j.find(key);
  if (it == j.end()) fail(where, std::string("missing field \"") + key + "\"");
  return *it;
}

std::uint64_t as_u64(const nlohmann::json& v, std::string_view where, const std::string& what) {
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    return v.get<std::uint64_t>();
  }
  fail(where, what + " must be a non-negative integer");
}

std::uint64_t get_u64(const nlohmann::json& j, const char* key, std::string_view where) {
  return as_u64(member(j, key, where), where, std::string("field \"") + key + "\"");
}

double get_number(const nlohmann::json& j, const char* key, std::string_view where) {
  const auto& v = member(j, key, where);
  if (!v.is_number()) fail(where, std::string("field \"") + key + "\" must be a number");
  return v.get<double>();
}

std::string get_string(const nlohmann::json& j, const char* key, std::string_view where) {
  const auto& v = member(j, key, where);
  if (!v.is_string()) fail(where, std::string("field \"") + key + "\" must be a string");
  return v.get<std::string>();
}

}  // namespace ragbench::loadgen::json_checks
