// A distributed test's identity: the scenario hash (SHA-256, OpenSSL), the derived run id and run
// seed, and --start-at parsing.
#include "loadgen/cli/run_identity.hpp"

#include <openssl/sha.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "loadgen/args/option_parser.hpp"
#include "loadgen/scenario/url_scenario.hpp"

namespace ragbench::loadgen {
namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the file (for the scenario hash)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Length-prefixed, so no two different part lists give the same bytes.
void part(std::string& out, const char* tag, const std::string& bytes) {
  out += tag;
  out += ' ';
  out += std::to_string(bytes.size());
  out += '\n';
  out += bytes;
  out += '\n';
}

[[noreturn]] void bad_start(const std::string& text, const std::string& why) {
  throw usage_error("run: --start-at '" + text + "': " + why +
                    " (expected RFC 3339 like 2026-12-05T03:00:00Z, or seconds since the epoch like 1796439600)");
}

// `n` digits at s[pos], advancing pos; -1 when they are not there.
int digits(const std::string& s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

std::chrono::system_clock::time_point parse_epoch(const std::string& text) {
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::int64_t s = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), s);
  if (whole.empty() || ec != std::errc{} || p != whole.data() + whole.size() || s < 0 || s > 32503680000LL)
    bad_start(text, "not a time");
  std::int64_t ns = 0;
  if (dot != std::string::npos) {
    const std::string frac = text.substr(dot + 1);
    if (frac.empty() || frac.size() > 9 || frac.find_first_not_of("0123456789") != std::string::npos)
      bad_start(text, "not a time");
    ns = std::stoll(frac + std::string(9 - frac.size(), '0'));
  }
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(s) + std::chrono::nanoseconds(ns)));
}

}  // namespace

std::string scenario_hash_of(const std::string& scenario_text, const std::optional<std::string>& profile_text,
                             const std::vector<std::string>& overrides) {
  std::string canonical = "ragbench-scenario-hash-v1\n";
  part(canonical, "scenario", scenario_text);
  if (profile_text) part(canonical, "profile", *profile_text);
  for (const auto& o : overrides) part(canonical, "override", o);
  return "sha256:" + sha256_hex(canonical);
}

std::string scenario_hash(const scenario_inputs& in) {
  const std::string text = in.extras.url ? url_scenario_yaml(*in.extras.url) : file_bytes(in.scenario_path);
  std::optional<std::string> profile;
  if (in.profile_path) profile = file_bytes(*in.profile_path);
  std::vector<std::string> overrides;
  if (in.target) overrides.push_back("target=" + *in.target);
  overrides.insert(overrides.end(), in.sets.begin(), in.sets.end());
  for (const auto& k : in.extras.kpis) overrides.push_back("kpi:" + k);
  for (const auto& t : in.extras.tags) overrides.push_back("tags:" + t);
  for (const auto& t : in.extras.exclude_tags) overrides.push_back("exclude-tags:" + t);
  for (const auto& u : in.extras.scrape_urls) overrides.push_back("scrape:" + u);
  return scenario_hash_of(text, profile, overrides);
}

std::string derive_run_id(const std::string& scenario_hash, std::optional<std::int64_t> start_at_unix_ms,
                          std::optional<std::uint64_t> seed, std::uint32_t segment_count) {
  std::string in = "ragbench-run-id-v1\n" + scenario_hash + "\n";
  in += (start_at_unix_ms ? std::to_string(*start_at_unix_ms) : std::string("none")) + "\n";
  in += (seed ? std::to_string(*seed) : std::string("none")) + "\n";
  in += std::to_string(segment_count) + "\n";
  return sha256_hex(in).substr(0, 16);
}

std::uint64_t derive_run_seed(const std::string& run_id) {
  const std::string h = sha256_hex("ragbench-run-seed-v1\n" + run_id);
  return std::stoull(h.substr(0, 16), nullptr, 16);
}

std::string check_run_id(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 128;
  for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  if (!ok) throw usage_error("run: --run-id must be 1 to 128 characters of A-Z a-z 0-9 . _ -, got '" + id + "'");
  return id;
}

std::chrono::system_clock::time_point parse_start_at(const std::string& text) {
  if (text.empty()) bad_start(text, "empty");
  if (text.find_first_not_of("0123456789.") == std::string::npos) return parse_epoch(text);
  std::size_t pos = 0;
  const int year = digits(text, pos, 4);
  const bool dash1 = pos < text.size() && text[pos++] == '-';
  const int month = digits(text, pos, 2);
  const bool dash2 = pos < text.size() && text[pos++] == '-';
  const int day = digits(text, pos, 2);
  const bool t = pos < text.size() && (text[pos] == 'T' || text[pos] == 't') && ++pos;
  const int hour = digits(text, pos, 2);
  const bool colon1 = pos < text.size() && text[pos++] == ':';
  const int minute = digits(text, pos, 2);
  const bool colon2 = pos < text.size() && text[pos++] == ':';
  const int second = digits(text, pos, 2);
  if (year < 0 || !dash1 || month < 0 || !dash2 || day < 0 || !t || hour < 0 || !colon1 || minute < 0 || !colon2 ||
      second < 0)
    bad_start(text, "not a time");
  std::int64_t ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string frac = text.substr(start, pos - start);
    if (frac.empty()) bad_start(text, "a '.' without digits");
    frac.resize(9, '0');
    ns = std::stoll(frac.substr(0, 9));
  }
  int offset_min = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const int oh = digits(text, pos, 2);
    const bool colon = pos < text.size() && text[pos++] == ':';
    const int om = digits(text, pos, 2);
    if (oh < 0 || !colon || om < 0 || oh > 23 || om > 59) bad_start(text, "a bad UTC offset");
    offset_min = sign * (oh * 60 + om);
  } else {
    bad_start(text, "no time zone (end it with Z for UTC, or an offset like +01:00)");
  }
  if (pos != text.size()) bad_start(text, "unexpected text after the time");
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) bad_start(text, "no such date or time");
  const auto tp = std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute - offset_min) +
                  std::chrono::seconds(second) + std::chrono::nanoseconds(ns);
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(tp);
}

void check_start_at(std::chrono::system_clock::time_point start_at, std::chrono::system_clock::time_point now,
                    std::chrono::seconds max_past) {
  if (now - start_at > max_past) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(now - start_at).count());
    throw usage_error("run: --start-at " + format_utc(start_at) + " is " + buf + " in the past (more than " +
                      std::to_string(max_past.count()) + " s): the segments could not start together");
  }
}

std::string format_utc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  const auto frac = ((ms % 1000) + 1000) % 1000;
  if (frac != 0) {
    char f[8];
    std::snprintf(f, sizeof f, ".%03lld", static_cast<long long>(frac));
    out += f;
  }
  return out + "Z";
}

}  // namespace ragbench::loadgen
