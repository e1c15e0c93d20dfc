#pragma once
// Small validation helpers for the stats readers: each throws std::invalid_argument "<where>: <what>".
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ragbench::loadgen::json_checks {

[[noreturn]] void fail(std::string_view where, const std::string& what);
// The member `key` of object `j`; fails when `j` is not an object or the member is missing.
const nlohmann::json& member(const nlohmann::json& j, const char* key, std::string_view where);
std::uint64_t get_u64(const nlohmann::json& j, const char* key, std::string_view where);
std::uint64_t as_u64(const nlohmann::json& v, std::string_view where, const std::string& what);
double get_number(const nlohmann::json& j, const char* key, std::string_view where);
std::string get_string(const nlohmann::json& j, const char* key, std::string_view where);

}  // namespace ragbench::loadgen::json_checks
