// write_file: an ofstream whose open and write errors are checked and named.
#include "loadgen/report/file_writer.hpp"

#include <fstream>
#include <stdexcept>

namespace ragbench::loadgen {

void write_file(const std::filesystem::path& file, std::string_view content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(file.string() + ": cannot open for writing");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw std::runtime_error(file.string() + ": write failed");
}

}  // namespace ragbench::loadgen
