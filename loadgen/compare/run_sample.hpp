#pragma once
// What `compare` needs from one run: per endpoint (plus "all", the aggregate) the request and failure
// counts, the full latency histogram when known, the per-second request counts, and the summary figures.
// Built from a run_result (histograms.json) or, as a fallback, from summary.json alone (no histograms:
// then only tolerances apply to latency and rps).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/hdr_histogram.hpp"
#include "loadgen/report/machine_fingerprint.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

// Name of the aggregate row in every comparison.
inline constexpr std::string_view aggregate_endpoint = "all";

struct endpoint_sample {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  double rps = 0;                          // requests / run duration
  std::optional<hdr_histogram> latency;    // ns; absent when read from summary.json
  // Requests per whole measured second (after warm-up; empty when unknown); the partial last second is dropped.
  std::vector<double> per_second;
  // The latency histogram of each of those seconds, in time_series' coarse buckets (index, count); empty
  // when unknown (summary.json input, service time: the time series holds latency only).
  std::vector<std::vector<std::pair<std::uint16_t, std::uint32_t>>> second_latency;
  // Summary figures in ms (from the histogram, or read from summary.json): p50, p95, p99, mean.
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, mean_ms = 0;
  // The endpoint's text/event-stream responses, when it had any (loadgen/stats/stream_stats.hpp).
  struct stream_part {
    // ns; absent when read from summary.json. ttft: from the intended start, or from the send when
    // comparing service time (ttft_service).
    std::optional<hdr_histogram> ttft, itl, tpot;
    // Summary figures in ms (from the histograms, or read from summary.json's stream block).
    double ttft_p50_ms = 0, ttft_p95_ms = 0, ttft_p99_ms = 0, itl_p99_ms = 0, tpot_p50_ms = 0, tpot_p99_ms = 0;
    std::uint64_t streams = 0;       // responses parsed as streams (0 when read from summary.json)
    std::uint64_t tokens = 0;        // output tokens (0 when read from summary.json)
    double output_tokens_per_s = 0;  // tokens / run duration
  };
  std::optional<stream_part> stream;
  // Goodput counts: requests judged against the step's slo: block, and the good ones (0, 0: no SLO).
  std::uint64_t slo_requests = 0, good = 0;
};

struct run_sample {
  std::string source;        // where it came from (a path), for messages and reports
  double duration_s = 0;
  bool has_histograms = false;
  bool generator_valid = true;
  std::string generator_reason;
  // What was run, for the like-with-like checks: scenario name, "open"/"closed", the load as configured
  // (run settings "load", e.g. "open: constant 300/s for 5.00s"; empty when not recorded), KPI expressions.
  std::string scenario, model, load;
  std::vector<std::string> kpis;
  std::optional<machine_fingerprint> machine;  // absent in results written before it was recorded
  std::vector<endpoint_sample> endpoints;  // "all" first, then the run's endpoints in order

  // nullptr when there is no such endpoint.
  const endpoint_sample* find(std::string_view name) const;
};

// From a full result. service_time: take the service-time histogram instead of latency.
run_sample sample_of(const run_result& run, std::string_view source, bool service_time = false);
// From summary.json (schema ragbench.loadgen.summary/v1). Throws compare_input_error naming `where`.
run_sample sample_from_summary_json(const nlohmann::json& j, std::string_view where, bool service_time = false);

// Loads the runs behind one path: a run directory (histograms.json, else summary.json), a
// histograms.json or summary.json file, or a directory whose sub-directories are run directories (each
// one run, in name order). Throws compare_input_error naming the path and what is wrong.
std::vector<run_sample> load_runs(const std::filesystem::path& path, bool service_time = false);

}  // namespace ragbench::loadgen
