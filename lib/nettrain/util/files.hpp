#pragma once
// Small file-system helpers shared by the readers and writers.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <unistd.h>

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

// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename over `path`.
// A crash or a full disk leaves either the old file or the new one, never a mix; on failure
// the temporary is removed and RunError says "cannot write PATH: reason".
void write_file_atomically(const std::string& path, std::string_view bytes);

// strerror's text for an errno value.
std::string error_text(int error);

// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports close()'s own error, which on some file systems is where a failed write shows.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};


}  // namespace nettrain
