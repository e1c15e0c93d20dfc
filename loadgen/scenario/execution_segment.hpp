#pragma once
// Execution segments (loadgen run --segment I/N): one test split over N loadgen processes, each
// running segment I, so that the N together send exactly what one process would have sent.
//
// I is 0-based (0 .. N-1), so Kubernetes' JOB_COMPLETION_INDEX and Slurm's SLURM_PROCID can be
// passed as they are. How each part of the load is split:
// - open model: arrival k of the one global schedule (same seed everywhere) belongs to segment
//   k mod N (arrival_schedule with stride N * threads), so the union is the one-process schedule;
// - closed model: segment I runs users/N users, one more when I < users % N (closed_share), at the
//   spawn rate times its share of the users; a segment with 0 users is valid and runs nothing;
// - feeders: `unique` rows are cut into N contiguous slices (rows_of), `sequential` cursors start
//   at row floor(I * rows / N) (first_row), random choices are seeded from (run seed, segment).
// Pure functions and a value type; no I/O.
#include <cstdint>
#include <string>

namespace ragbench::loadgen {

struct scenario;

struct execution_segment {
  std::uint32_t index = 0;  // 0-based, < count
  std::uint32_t count = 1;  // 1 = the whole test (no segmentation)

  bool whole() const { return count <= 1; }
  // "I/N", e.g. "1/4".
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
  // "-seg1of4" for run-directory names; "" for the whole test.
  std::string dir_suffix() const;

  friend bool operator==(const execution_segment&, const execution_segment&) = default;
};

constexpr std::uint32_t max_segments = 100000;

// Parses "I/N" (decimal, 0 <= I < N <= max_segments). Throws std::invalid_argument with a message
// that says what is wrong ("--segment: index 4 is not below the count 4 (indexes are 0-based: 0..3)").
execution_segment parse_segment(const std::string& text);

// The closed model's users of this segment: total / N, plus one when index < total % N. The shares
// of the N segments add up to `total`.
std::uint64_t closed_share(std::uint64_t total, const execution_segment& seg);
// The global number of the segment's first user (the shares of the segments before it), so user
// ids stay unique across segments.
std::uint64_t closed_first_user(std::uint64_t total, const execution_segment& seg);

// A half-open row range [begin, end) of a table of `rows` rows.
struct row_range {
  std::uint64_t begin = 0, end = 0;
  std::uint64_t size() const { return end - begin; }
};
// The rows of a `unique` feeder this segment may hand out: [floor(I*rows/N), floor((I+1)*rows/N)).
// The N ranges are disjoint and cover every row.
row_range rows_of(std::uint64_t rows, const execution_segment& seg);
// Where a `sequential` feeder's cursor starts in this segment: floor(I * rows / N).
std::uint64_t first_row(std::uint64_t rows, const execution_segment& seg);

// The seed of the segment's own random choices (task picks, think times, random feeders, template
// random functions), from the run seed and the segment: the run seed itself for the whole test (so
// unsegmented runs draw as before), a well-mixed function of both otherwise.
std::uint64_t segment_seed(std::uint64_t run_seed, const execution_segment& seg);

// Partitions the scenario's feeders for this segment (feeder::assign_segment on each). Call once,
// before the run.
void apply_segment_to_feeders(const scenario& s, const execution_segment& seg);

}  // namespace ragbench::loadgen
