#pragma once
// Small file-system helpers shared by the readers and writers.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "nettrain/error.hpp"

namespace nettrain {

// The whole file as bytes; `Error` (ConfigError, DataError, ...) names the file when it cannot be read.
template <typename Error>
std::string read_text_file(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw Error(Location{path}, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Location{path}, std::string("cannot open: ") + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(Location{path}, std::string("cannot read: ") + std::strerror(errno));
  return text;
}

// Writes `text` to `path` atomically (temporary file, flush, fsync, rename); RunError on failure.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace nettrain
