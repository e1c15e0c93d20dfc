// Bounded whole-file reads for the scenario loader.
#include "loadgen/scenario/bounded_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ragbench::loadgen {

std::string describe_bytes(std::size_t bytes) {
  char buf[32];
  if (bytes == 1) return "1 byte";
  if (bytes >= (1u << 30) && bytes % (1u << 30) == 0) std::snprintf(buf, sizeof buf, "%zu GiB", bytes >> 30);
  else if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) std::snprintf(buf, sizeof buf, "%zu MiB", bytes >> 20);
  else if (bytes >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
  else std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  return buf;
}

std::optional<std::string> read_bounded_file(const std::string& path, std::size_t max_bytes, bool regular_only,
                                             std::string& why) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!ec && fs::is_directory(st)) {
    why = "it is a directory";
    return std::nullopt;
  }
  if (!ec && regular_only && !fs::is_regular_file(st)) {
    why = "it is not a regular file (a device, FIFO or socket)";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::string("it cannot be opened (") + std::strerror(errno) + ")";
    return std::nullopt;
  }
  std::string content;
  char buf[64 * 1024];
  while (content.size() <= max_bytes && in.read(buf, sizeof buf).gcount() > 0)
    content.append(buf, static_cast<std::size_t>(in.gcount()));
  if (content.size() > max_bytes) {
    why = "it is larger than " + describe_bytes(max_bytes) + " (the limit)";
    return std::nullopt;
  }
  if (in.bad()) {
    why = "it cannot be read";
    return std::nullopt;
  }
  return content;
}

}  // namespace ragbench::loadgen
