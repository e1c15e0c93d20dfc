// Execution segments: parsing "I/N" and the arithmetic that splits users, feeder rows and seeds.
#include "loadgen/scenario/execution_segment.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <stdexcept>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {
namespace {

// One decimal number of the whole piece, or nullopt (signs, spaces, junk and overflow are refused).
std::optional<std::uint64_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// splitmix64's finaliser: a bijective, well-mixed 64-bit hash.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string execution_segment::dir_suffix() const {
  if (whole()) return {};
  return "-seg" + std::to_string(index) + "of" + std::to_string(count);
}

execution_segment parse_segment(const std::string& text) {
  const std::string form = " (expected I/N: segment I of N, 0-based, e.g. 0/4 .. 3/4)";
  const auto slash = text.find('/');
  if (slash == std::string::npos) throw std::invalid_argument("--segment: '" + text + "' is not I/N" + form);
  const auto i = decimal(std::string_view(text).substr(0, slash));
  const auto n = decimal(std::string_view(text).substr(slash + 1));
  if (!i || !n) throw std::invalid_argument("--segment: '" + text + "' is not I/N with whole numbers" + form);
  if (*n == 0) throw std::invalid_argument("--segment: the count N must be at least 1, got '" + text + "'");
  if (*n > max_segments)
    throw std::invalid_argument("--segment: the count N must be at most " + std::to_string(max_segments) + ", got " +
                                std::to_string(*n));
  if (*i >= *n)
    throw std::invalid_argument("--segment: index " + std::to_string(*i) + " is not below the count " +
                                std::to_string(*n) + " (indexes are 0-based: 0.." + std::to_string(*n - 1) + ")");
  return execution_segment{static_cast<std::uint32_t>(*i), static_cast<std::uint32_t>(*n)};
}

std::uint64_t closed_share(std::uint64_t total, const execution_segment& seg) {
  const std::uint64_t n = seg.count == 0 ? 1 : seg.count;
  return total / n + (seg.index < total % n ? 1 : 0);
}

std::uint64_t closed_first_user(std::uint64_t total, const execution_segment& seg) {
  const std::uint64_t n = seg.count == 0 ? 1 : seg.count;
  return seg.index * (total / n) + std::min<std::uint64_t>(seg.index, total % n);
}

std::uint64_t first_row(std::uint64_t rows, const execution_segment& seg) {
  const std::uint64_t n = seg.count == 0 ? 1 : seg.count;
  // floor(rows * index / n) without overflow: (q n + r) i / n = q i + r i / n, with r i < n^2 <= 10^10.
  return rows / n * seg.index + rows % n * seg.index / n;
}

row_range rows_of(std::uint64_t rows, const execution_segment& seg) {
  execution_segment next = seg;
  ++next.index;
  return {first_row(rows, seg), seg.index + 1 >= seg.count ? rows : first_row(rows, next)};
}

std::uint64_t segment_seed(std::uint64_t run_seed, const execution_segment& seg) {
  if (seg.whole()) return run_seed;
  return mix(mix(run_seed) ^ (static_cast<std::uint64_t>(seg.count) << 32 | seg.index));
}

void apply_segment_to_feeders(const scenario& s, const execution_segment& seg) {
  for (const auto& f : s.feeders)
    if (f) f->assign_segment(seg);
}

}  // namespace ragbench::loadgen
