#pragma once
// Data feeders: rows read from CSV (header row, RFC 4180 quoting) or JSON-lines files at load time,
// handed out to virtual users during the run.
#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "loadgen/scenario/execution_segment.hpp"
#include "loadgen/scenario/template.hpp"

namespace ragbench::loadgen {

enum class pick_mode {
  sequential,  // rows in file order, wrapping around; shared atomic cursor across all users
  random,      // uniform random row from the caller's per-thread RNG; no shared state
  unique,      // each row handed out at most once per run across all users; next() returns
               // nullptr when exhausted and the engine stops that user with an error
};

enum class feeder_format { csv, jsonl };

// Immutable rows plus the run cursor. next() is thread-safe: sequential and unique use one relaxed
// atomic fetch_add per call, random uses only the caller's RNG.
class feeder {
 public:
  feeder(std::string name, std::vector<std::string> columns, std::vector<feeder_row> rows, pick_mode pick);

  // Next row per the pick mode; nullptr only for `unique` after every row was used. O(1).
  const feeder_row* next(std::mt19937_64& rng);
  // Forgets which rows were used (start of a new run).
  void reset() { cursor_.store(0, std::memory_order_relaxed); }
  // This run is segment `seg` of a distributed test (loadgen/scenario/execution_segment.hpp):
  // `unique` hands out only the segment's slice rows_of(rows, seg), so rows stay unique across the
  // segments; `sequential` starts at first_row(rows, seg) and wraps over all rows; `random` is
  // unchanged (the caller's RNG is seeded per segment). Not thread-safe: call before the run.
  void assign_segment(const execution_segment& seg);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<feeder_row>& rows() const { return rows_; }
  pick_mode pick() const { return pick_; }
  // Column index or -1.
  int column_index(std::string_view column) const;

 private:
  std::string name_;
  std::vector<std::string> columns_;
  std::vector<feeder_row> rows_;
  pick_mode pick_;
  std::atomic<std::uint64_t> cursor_{0};
  std::uint64_t first_ = 0;                   // sequential: the row the cursor starts at
  row_range unique_{0, static_cast<std::uint64_t>(-1)};  // unique: the rows this process may use
};

// Parsed file content before it becomes a feeder.
struct feeder_table {
  std::vector<std::string> columns;
  std::vector<feeder_row> rows;
};

// Readers. On malformed input they throw scenario_error "PATH:LINE: what is wrong" (all problems
// found). A JSON-lines file needs one flat JSON object per line; columns are the union of keys in
// first-seen order, numbers/bools rendered as JSON text, missing keys as "". Empty lines skipped.
feeder_table read_csv(const std::string& path);
feeder_table parse_csv(std::string_view text, const std::string& path_for_messages);
feeder_table read_jsonl(const std::string& path);
feeder_table parse_jsonl(std::string_view text, const std::string& path_for_messages);

}  // namespace ragbench::loadgen
