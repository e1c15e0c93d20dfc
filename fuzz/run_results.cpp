// The result readers behind `loadgen compare` and `ab` (loadgen/compare/run_sample: load_runs),
// which read summary.json or histograms.json by their schema field: the input is written to a
// file and loaded as a result path. Whatever the file holds, the only way out besides a sample
// is a compare_input_error naming the file (the CLI maps it to exit code 2); nlohmann type or
// range errors, bad histogram layouts and the like must not escape as anything else.
#include "fuzz_check.hpp"

#include "loadgen/compare/compare_options.hpp"
#include "loadgen/compare/run_sample.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ragbench::loadgen;
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("ragbench-fuzz-run-results-" + std::to_string(getpid()) + ".json");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    for (const auto& sample : load_runs(file)) {
      FUZZ_CHECK(sample.find("all") != nullptr || sample.endpoints.empty(), "a sample without its 'all' endpoint");
    }
  } catch (const compare_input_error& e) {
    FUZZ_CHECK(std::string(e.what()).find(file.string()) != std::string::npos, "an error without the file name");
  }
  return 0;
}
