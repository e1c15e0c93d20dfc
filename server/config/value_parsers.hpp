#pragma once
// Text -> typed value for configuration settings. Each function throws std::invalid_argument whose
// message is the reason only ("expected an integer", "must be between 1 and 1024"); the caller
// adds where the value came from. Pure functions, thread-safe.
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/config/server_config.hpp"

namespace ragbench::server {

std::uint64_t parse_integer_value(std::string_view text, std::uint64_t min, std::uint64_t max);
double parse_number_value(std::string_view text, double min, double max);
// "N" (min = max = N) or "MIN..MAX", each in [min, max], MIN <= MAX.
std::pair<std::uint64_t, std::uint64_t> parse_integer_range_value(std::string_view text, std::uint64_t min,
                                                                  std::uint64_t max);
// A name of 1..128 letters, digits and . _ : - (a model id that can sit in a URL path segment).
std::string parse_name_value(std::string_view text);
// With a unit: "250ms", "1.5s", "2m". At least `min`.
std::chrono::nanoseconds parse_duration_value(std::string_view text, std::chrono::nanoseconds min);
// "16MiB", "10MB", "4096" (bytes). At least `min`.
std::uint64_t parse_size_value(std::string_view text, std::uint64_t min);
// true/false, yes/no, on/off, 1/0 (case-insensitive).
bool parse_bool_value(std::string_view text);
// One of `names`, exactly.
std::string parse_choice_value(std::string_view text, std::span<const std::string_view> names);
// "host:port" or "[v6]:port"; port 0..65535.
listen_address parse_listen_value(std::string_view text);
// Comma-separated [ROUTE=]DURATION[..DURATION]: "200ms", "50ms..400ms", "/v1/search=1s,/v1/chat=100ms..2s".
// ROUTE starts with '/'. Empty text: no faults.
std::vector<latency_fault> parse_latency_faults_value(std::string_view text);
// Comma-separated [ROUTE=]PERCENT%: "5%", "/v1/search=5%,/v1/chat=0.5%" (0..100).
std::vector<error_fault> parse_error_faults_value(std::string_view text);
// Comma-separated cache tiers: each one of cache_strategy_names(), no duplicates, "none" alone.
std::vector<std::string> parse_cache_tiers_value(std::string_view text);

}  // namespace ragbench::server
