#pragma once
// A run directory: summary.json, report.md, stats.csv, failures.csv, junit.xml, histograms.json,
// report.html, and server_metrics.json when the run scraped the target.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

// Where a command writes its results when no --out is given: "reports/runs/KIND-YYYYmmdd-HHMMSS" in UTC
// (without "KIND-" when `kind` is empty: a plain run), relative to the working directory.
std::string default_out_dir(std::string_view kind = {},
                            std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Creates `dir` if needed and writes every file (server_metrics.json only when run.server is set). Throws std::runtime_error naming the file on I/O error.
void write_run_dir(const run_result& run, const std::filesystem::path& dir);

// Loads a run directory (its histograms.json, and server_metrics.json when present) back into a run_result. Throws std::invalid_argument with
// the file and what is wrong on a missing or bad file.
run_result read_run_dir(const std::filesystem::path& dir);

// Renders one format: "json" (summary.json), "md", "csv", "failures", "junit", "histograms", "html"
// (report.html). Throws std::invalid_argument for an unknown format.
std::string render(const run_result& run, std::string_view format);

}  // namespace ragbench::loadgen
