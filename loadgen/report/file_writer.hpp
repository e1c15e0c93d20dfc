#pragma once
// The one way loadgen writes a result file (run directories, ab.*, capacity.*): whole content at
// once, binary, replacing what was there, every failure reported with the path.
#include <filesystem>
#include <string_view>

namespace ragbench::loadgen {

// Writes `content` to `file` (the directory must exist). Throws std::runtime_error
// "FILE: cannot open for writing" or "FILE: write failed".
void write_file(const std::filesystem::path& file, std::string_view content);

}  // namespace ragbench::loadgen
